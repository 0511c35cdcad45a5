package dev.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExceptionsTest {

    @Test
    void wrongExpectedVersionNamesTheStreamTheExpectedAndTheActualVersion() {
        WrongExpectedVersionException e = new WrongExpectedVersionException("account-1", ExpectedVersion.exactly(3), 5);
        assertThat(e).isInstanceOf(EventStoreException.class)
                .hasMessage("Wrong expected version for stream 'account-1': expected 3, actual 5");
        assertThat(e.streamId()).isEqualTo("account-1");
        assertThat(e.expectedVersion()).isEqualTo(ExpectedVersion.exactly(3));
        assertThat(e.actualVersion()).isEqualTo(5);
        assertThat(new WrongExpectedVersionException("a", ExpectedVersion.streamExists(), 0))
                .hasMessageContaining("expected stream exists, actual no stream");
    }

    @Test
    void appendConditionFailedNamesTheStreamTheQueryThePositionAndTheConflict() {
        AppendCondition condition = AppendCondition.noneMatchingAfter(
                Query.of(QueryItem.types("UsernameClaimed").withTags("username:alice")), 12);
        AppendConditionFailedException e = new AppendConditionFailedException("user-9", condition, 15);
        assertThat(e).isInstanceOf(EventStoreException.class);
        assertThat(e.getMessage()).contains("'user-9'").contains("types [UsernameClaimed] with tags [username:alice]")
                .contains("after position 12").contains("at position 15");
        assertThat(e.streamId()).isEqualTo("user-9");
        assertThat(e.condition()).isSameAs(condition);
        assertThat(e.conflictingPosition()).isEqualTo(15);
    }

    @Test
    void anEventBelowTheConditionsPositionIsNamedWithBothPositions() {
        AppendResult own = new AppendResult(1, 50, 30);
        AppendCondition condition = AppendCondition.noneMatchingAfter(Query.of(QueryItem.tags("username:bo")), own);
        AppendConditionFailedException e = new AppendConditionFailedException("user-3", condition, 40);
        assertThat(e.getMessage()).contains("'user-3'").contains("at position 40")
                .contains("below the condition's position 50").contains("consistent position 30");
        assertThat(e.conflictingPosition()).isEqualTo(40);
    }

    @Test
    void conditionsTakeTheirPositionsFromAReadOrFromTheCallersAppend() {
        Query query = Query.of(QueryItem.tags("t"));
        assertThat(AppendCondition.noneMatchingAfter(query, 12)).isEqualTo(new AppendCondition(query, 12, 12))
                .isEqualTo(new AppendCondition(query, 12));
        assertThat(AppendCondition.noneMatching(query)).isEqualTo(new AppendCondition(query, 0, 0));
        assertThat(AppendCondition.noneMatchingAfter(query, new AppendResult(2, 90, 70)))
                .isEqualTo(new AppendCondition(query, 90, 70));
        assertThatThrownBy(() -> new AppendCondition(query, 10, 11)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consistentPosition").hasMessageContaining("11").hasMessageContaining("10");
    }

    @Test
    void duplicateEventIdNamesTheId() {
        UUID id = UUID.randomUUID();
        DuplicateEventIdException e = new DuplicateEventIdException(id, "it is recorded in stream 'a'");
        assertThat(e).isInstanceOf(EventStoreException.class);
        assertThat(e.eventId()).isEqualTo(id);
        assertThat(e.getMessage()).contains(id.toString()).contains("stream 'a'");
    }

    @Test
    void subscriptionFailedNamesTheSubscriptionThePositionsTheAttemptsAndTheCause() {
        IllegalStateException cause = new IllegalStateException("boom");
        SubscriptionFailedException e = new SubscriptionFailedException("balances", 41, 42, 3, cause);
        assertThat(e).isInstanceOf(EventStoreException.class).hasCause(cause);
        assertThat(e.subscriptionName()).isEqualTo("balances");
        assertThat(e.position()).isEqualTo(41);
        assertThat(e.getMessage()).contains("'balances'").contains("3 times").contains("position 42")
                .contains("last handled position 41").contains("boom");
        assertThat(new SubscriptionFailedException("s", 0, 1, 1, cause)).hasMessageContaining("1 time ");
    }

    @Test
    void appendResultsHoldPositiveNumbers() {
        assertThat(new AppendResult(3, 99)).isEqualTo(new AppendResult(3, 99));
        assertThatThrownBy(() -> new AppendResult(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nextExpectedVersion").hasMessageContaining("0");
        assertThatThrownBy(() -> new AppendResult(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lastPosition").hasMessageContaining("0");
        assertThat(new AppendResult(3, 99).consistentPosition()).isEqualTo(99);
        assertThat(new AppendResult(3, 99, 0).consistentPosition()).isZero();
        assertThatThrownBy(() -> new AppendResult(1, 5, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consistentPosition").hasMessageContaining("6");
        assertThatThrownBy(() -> new AppendResult(1, 5, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consistentPosition").hasMessageContaining("-1");
    }
}
