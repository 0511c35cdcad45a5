package dev.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpectedVersionTest {

    @Test
    void anyAcceptsEveryVersion() {
        ExpectedVersion any = ExpectedVersion.any();
        assertThat(any.accepts(0)).isTrue();
        assertThat(any.accepts(1)).isTrue();
        assertThat(any.accepts(Long.MAX_VALUE)).isTrue();
        assertThat(any.isAny()).isTrue();
        assertThat(any.isExact()).isFalse();
        assertThat(any.isNoStream()).isFalse();
        assertThat(any.isStreamExists()).isFalse();
    }

    @Test
    void noStreamAcceptsOnlyVersionZero() {
        ExpectedVersion noStream = ExpectedVersion.noStream();
        assertThat(noStream.accepts(0)).isTrue();
        assertThat(noStream.accepts(1)).isFalse();
        assertThat(noStream.isNoStream()).isTrue();
        assertThat(noStream.isExact()).isTrue();
        assertThat(noStream.version()).isZero();
    }

    @Test
    void streamExistsAcceptsEveryVersionButZero() {
        ExpectedVersion exists = ExpectedVersion.streamExists();
        assertThat(exists.accepts(0)).isFalse();
        assertThat(exists.accepts(1)).isTrue();
        assertThat(exists.accepts(99)).isTrue();
        assertThat(exists.isStreamExists()).isTrue();
        assertThat(exists.isExact()).isFalse();
    }

    @Test
    void exactlyAcceptsOnlyThatVersion() {
        ExpectedVersion three = ExpectedVersion.exactly(3);
        assertThat(three.accepts(3)).isTrue();
        assertThat(three.accepts(2)).isFalse();
        assertThat(three.accepts(4)).isFalse();
        assertThat(three.accepts(0)).isFalse();
        assertThat(three.isExact()).isTrue();
        assertThat(three.isNoStream()).isFalse();
        assertThat(three.version()).isEqualTo(3);
    }

    @Test
    void exactlyZeroIsNoStream() {
        assertThat(ExpectedVersion.exactly(0)).isEqualTo(ExpectedVersion.noStream());
        assertThat(ExpectedVersion.exactly(0)).hasSameHashCodeAs(ExpectedVersion.noStream());
        assertThat(ExpectedVersion.exactly(0).isNoStream()).isTrue();
    }

    @Test
    void expectationsAreValues() {
        assertThat(ExpectedVersion.exactly(5)).isEqualTo(ExpectedVersion.exactly(5))
                .hasSameHashCodeAs(ExpectedVersion.exactly(5))
                .isNotEqualTo(ExpectedVersion.exactly(6));
        assertThat(ExpectedVersion.any()).isNotEqualTo(ExpectedVersion.streamExists())
                .isNotEqualTo(ExpectedVersion.noStream());
        assertThat(ExpectedVersion.exactly(1)).isNotEqualTo(ExpectedVersion.streamExists());
    }

    @Test
    void aNegativeExactVersionIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> ExpectedVersion.exactly(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected version").hasMessageContaining("-1");
    }

    @Test
    void anyAndStreamExistsNameNoVersion() {
        assertThatThrownBy(() -> ExpectedVersion.any().version()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("any");
        assertThatThrownBy(() -> ExpectedVersion.streamExists().version()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stream exists");
    }

    @Test
    void toStringNamesTheExpectation() {
        assertThat(ExpectedVersion.any()).hasToString("any");
        assertThat(ExpectedVersion.noStream()).hasToString("no stream");
        assertThat(ExpectedVersion.streamExists()).hasToString("stream exists");
        assertThat(ExpectedVersion.exactly(12)).hasToString("12");
    }
}
