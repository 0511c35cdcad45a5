package dev.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delaysDoubleFromTheInitialDelayUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(500));
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void anUncappedPolicyGivesItsDelaysWithoutOverflowing() {
        RetryPolicy uncapped = new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(uncapped.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(uncapped.delayAfter(11)).isEqualTo(Duration.ofSeconds(1024));
        assertThat(uncapped.delayAfter(99)).isGreaterThan(Duration.ofDays(100 * 365L));
    }

    @Test
    void hugeDelaysSaturateInsteadOfOverflowing() {
        RetryPolicy policy = new RetryPolicy(100, Duration.ofDays(1), Duration.ofDays(365_000));
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofDays(1));
        assertThat(policy.delayAfter(80)).isGreaterThan(Duration.ofDays(100 * 365L))
                .isLessThanOrEqualTo(Duration.ofDays(365_000));
    }

    @Test
    void theDefaultsAreFiveAttemptsFromOneHundredMilliseconds() {
        RetryPolicy defaults = RetryPolicy.defaults();
        assertThat(defaults.maxAttempts()).isEqualTo(5);
        assertThat(defaults.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.delayAfter(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThat(RetryPolicy.none().delayAfter(1)).isZero();
    }

    @Test
    void aPolicyForEverNeverRunsOutOfAttemptsAndKeepsItsDelays() {
        RetryPolicy forever = RetryPolicy.forever(Duration.ofMillis(100), Duration.ofSeconds(2));
        assertThat(forever.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(forever.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(forever.delayAfter(1_000_000)).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> RetryPolicy.forever(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxDelay");
    }

    @Test
    void badPoliciesAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts").hasMessageContaining("0");
        assertThatThrownBy(() -> new RetryPolicy(1, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialDelay");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialDelay")
                .hasMessageContaining("-0.001");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay")
                .hasMessageContaining("PT1S");
        assertThatThrownBy(() -> RetryPolicy.defaults().delayAfter(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failedAttempts");
    }
}
