package dev.eventstore.contract.model;

import dev.eventstore.contract.model.Op.After;
import dev.eventstore.contract.model.Op.AfterKind;
import dev.eventstore.contract.model.Op.EventSpec;
import dev.eventstore.contract.model.Op.Expect;
import dev.eventstore.contract.model.Op.ExpectKind;
import dev.eventstore.contract.model.Op.FilterKind;
import dev.eventstore.contract.model.Op.FilterSpec;
import dev.eventstore.contract.model.Op.QuerySpec;
import dev.eventstore.contract.model.Op.ResendKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Generates random histories from a seed: the same seed gives the same history, so a failure can be
 * run again with {@code -Deventstore.model.seed=...}.
 *
 * <p>The mix leans on appends that may conflict: exact expected versions that are sometimes stale,
 * conditions over few types and tags, events sent again in every way the idempotency rule
 * distinguishes, and transactions that roll back.
 */
public final class Histories {

    private Histories() {
    }

    /**
     * @param random the source of choices
     * @param length how many steps
     * @return a history
     */
    public static List<Op> history(Random random, int length) {
        List<Op> history = new ArrayList<>(length);
        int subscriptions = 0;
        while (history.size() < length) {
            int pick = random.nextInt(100);
            if (pick < 28) {
                history.add(append(random));
            } else if (pick < 40) {
                history.add(conditional(random));
            } else if (pick < 50) {
                history.add(new Op.Resend(random.nextInt(64), pickOf(random, ResendKind.values()), uuid(random)));
            } else if (pick < 60) {
                history.add(new Op.ReadStream(random.nextInt(Op.STREAMS.size()),
                        random.nextBoolean() ? -1 : random.nextInt(6), random.nextBoolean() ? -1 : random.nextInt(5),
                        random.nextInt(10) < 3));
            } else if (pick < 72) {
                history.add(new Op.ReadLog(filter(random), after(random), random.nextInt(10) < 6 ? -1 : random.nextInt(6)));
            } else if (pick < 77) {
                history.add(new Op.ReadEvent(random.nextInt(5) == 0 ? -1 : random.nextInt(1000), uuid(random)));
            } else if (pick < 82) {
                history.add(new Op.Versions());
            } else if (pick < 90) {
                if (subscriptions < 2) {
                    subscriptions++;
                    history.add(new Op.Subscribe(filter(random), after(random), random.nextBoolean()));
                }
            } else {
                List<Op> appends = new ArrayList<>();
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    appends.add(random.nextInt(4) == 0 ? conditional(random) : append(random));
                }
                history.add(new Op.Transaction(appends, random.nextInt(4) != 0, random.nextBoolean()));
            }
        }
        return history;
    }

    private static Op.Append append(Random random) {
        return new Op.Append(random.nextInt(Op.STREAMS.size()), expect(random), events(random));
    }

    private static Op.ConditionalAppend conditional(Random random) {
        return new Op.ConditionalAppend(random.nextInt(Op.STREAMS.size()),
                random.nextInt(3) == 0 ? expect(random) : Expect.ANY, events(random), query(random), after(random));
    }

    private static Expect expect(Random random) {
        int pick = random.nextInt(100);
        if (pick < 25) {
            return Expect.ANY;
        } else if (pick < 40) {
            return new Expect(ExpectKind.NO_STREAM, 0);
        } else if (pick < 55) {
            return new Expect(ExpectKind.STREAM_EXISTS, 0);
        } else if (pick < 90) {
            return new Expect(ExpectKind.CURRENT, 0);
        }
        int delta = 1 + random.nextInt(2);
        return new Expect(ExpectKind.OFF, random.nextBoolean() ? delta : -delta);
    }

    private static List<EventSpec> events(Random random) {
        int pick = random.nextInt(100);
        int count = pick < 60 ? 1 : pick < 85 ? 2 : 3;
        List<EventSpec> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(new EventSpec(uuid(random), pickOf(random, Op.TYPES.toArray(String[]::new)),
                    subset(random, Op.TAGS, 2), random.nextInt(1000)));
        }
        return events;
    }

    private static QuerySpec query(Random random) {
        List<List<Set<String>>> items = new ArrayList<>();
        int count = random.nextInt(4) == 0 ? 2 : 1;
        for (int i = 0; i < count; i++) {
            Set<String> types = subset(random, Op.TYPES, 2);
            Set<String> tags = subset(random, Op.TAGS, 2);
            if (types.isEmpty() && tags.isEmpty() && random.nextInt(4) != 0) {
                tags = Set.of(pickOf(random, Op.TAGS.toArray(String[]::new)));
            }
            items.add(List.of(types, tags));
        }
        return new QuerySpec(items);
    }

    private static After after(Random random) {
        int pick = random.nextInt(100);
        if (pick < 25) {
            return After.ZERO;
        } else if (pick < 75) {
            return new After(AfterKind.HEAD, 0);
        }
        return new After(AfterKind.BACK, 1 + random.nextInt(4));
    }

    private static FilterSpec filter(Random random) {
        return switch (pickOf(random, FilterKind.values())) {
            case ALL -> FilterSpec.ALL;
            case CATEGORY -> new FilterSpec(FilterKind.CATEGORY, random.nextInt(Op.CATEGORIES.size()), null);
            case STREAM -> new FilterSpec(FilterKind.STREAM, random.nextInt(Op.STREAMS.size()), null);
            case QUERY -> new FilterSpec(FilterKind.QUERY, 0, query(random));
        };
    }

    private static Set<String> subset(Random random, List<String> from, int most) {
        Set<String> out = new TreeSet<>();
        int count = random.nextInt(most + 1);
        for (int i = 0; i < count; i++) {
            out.add(from.get(random.nextInt(from.size())));
        }
        return Set.copyOf(out);
    }

    @SafeVarargs
    private static <T> T pickOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }
}
