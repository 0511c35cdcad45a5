package dev.eventstore.examples.bank;

import dev.eventstore.EventStoreException;
import dev.eventstore.RecordedEvent;
import dev.eventstore.aggregate.AggregateState;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.examples.bank.AccountCommand.CloseDay;
import dev.eventstore.examples.bank.AccountCommand.Deposit;
import dev.eventstore.examples.bank.AccountCommand.OpenAccount;
import dev.eventstore.examples.bank.AccountCommand.Withdraw;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.typed.EventMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The command line: {@code java -jar examples-bank.jar <command> [options]}. A plain {@code main}
 * with subcommands; run {@code help} for the list. Statements and histories go to stdout; errors go
 * to stderr with exit status 2 for bad input (naming the bad value) and 1 for a refused command or
 * a failure.
 */
public final class BankCli {

    /** The default store: a SQLite file in the working directory. */
    public static final String DEFAULT_DB = "jdbc:sqlite:bank.db";
    /** The default PostgreSQL schema. */
    public static final String DEFAULT_SCHEMA = "bank";

    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final Set<String> GLOBAL = Set.of("db", "schema", "account", "snapshot-every", "fees");
    private static final Map<String, Set<String>> OPTIONS = Map.ofEntries(
            Map.entry("help", Set.of()),
            Map.entry("demo", Set.of("format")),
            Map.entry("open", Set.of("number", "holder", "address", "opening-balance", "date", "overdraft-limit")),
            Map.entry("deposit", Set.of("date", "type", "description", "ref")),
            Map.entry("withdraw", Set.of("date", "type", "network", "description", "ref")),
            Map.entry("import", Set.of()),
            Map.entry("close-day", Set.of()),
            Map.entry("statement", Set.of("from", "to", "format")),
            Map.entry("history", Set.of()),
            Map.entry("balance", Set.of("as-of", "version")),
            Map.entry("rebuild", Set.of()));
    private static final Map<String, Integer> POSITIONALS = Map.of("deposit", 1, "withdraw", 1, "import", 1,
            "close-day", 1);

    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param out where results go
     * @param err where errors go
     */
    public BankCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        int status = new BankCli(System.out, System.err).run(args);
        System.out.flush();
        // Exit explicitly: a driver thread left behind must not keep a finished command alive.
        System.exit(status);
    }

    /**
     * @param args the command and its options
     * @return the exit status: 0 done, 1 refused or failed, 2 bad input
     */
    public int run(String... args) {
        try {
            Arguments arguments = Arguments.parse(args);
            return execute(arguments);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run 'java -jar examples-bank.jar help' for the commands and their options.");
            return 2;
        } catch (CommandRejectedException e) {
            err.println("rejected: " + e.getMessage());
            return 1;
        } catch (CsvFormatException e) {
            // A file that cannot be read is bad input, like a bad option.
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (EventStoreException | IllegalStateException | UncheckedIOException e) {
            err.println("failed: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        }
    }

    private int execute(Arguments args) throws InterruptedException {
        if (args.command.equals("help")) {
            out.print(usage());
            return 0;
        }
        if (args.command.equals("demo")) {
            return demo(args);
        }
        try (JdbcEventStore store = openStore(args.option("db", DEFAULT_DB), args.option("schema", DEFAULT_SCHEMA));
                Bank bank = bank(store, args)) {
            switch (args.command) {
                case "open" -> open(bank, args);
                case "deposit", "withdraw" -> transaction(bank, args);
                case "import" -> importFile(bank, args);
                case "close-day" -> closeDay(bank, args);
                case "statement" -> statement(bank, args);
                case "history" -> history(bank, args);
                case "balance" -> balance(bank, args);
                case "rebuild" -> rebuild(bank, args);
                default -> throw new IllegalStateException("no handler for command " + args.command);
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------- commands

    private int demo(Arguments args) throws InterruptedException {
        StatementFormat format = StatementFormat.parse(args.option("format", "text"));
        String db = args.options.containsKey("db") ? args.option("db", null) : null;
        Path temporary = null;
        boolean dropSchema = false;
        String schema = args.option("schema", null);
        try {
            if (db == null) {
                temporary = Files.createTempFile("bank-demo-", ".db");
                db = "jdbc:sqlite:" + temporary;
            } else if (db.startsWith("jdbc:postgresql:") && schema == null) {
                schema = "bank_demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                dropSchema = true;
            }
            try (JdbcEventStore store = openStore(db, schema == null ? DEFAULT_SCHEMA : schema)) {
                try (Bank bank = bank(store, args)) {
                    if (store.streamVersion(Bank.streamId(SeedDemo.ACCOUNT)) > 0) {
                        throw new UsageException("account " + SeedDemo.ACCOUNT + " exists already in " + db
                                + "; the demo needs a fresh database (leave out --db, or give an empty one)");
                    }
                    Statement statement = SeedDemo.run(bank, user());
                    out.print(format.format(statement));
                } finally {
                    if (dropSchema) {
                        dropSchema(store, schema);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the demo's database file: " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                deleteSqliteFiles(temporary);
            }
        }
        return 0;
    }

    private void open(Bank bank, Arguments args) throws InterruptedException {
        List<String> address = args.all("address");
        OpenAccount open = new OpenAccount(args.required("number"), args.required("holder"), address,
                date(args.option("date", LocalDate.now().toString()), "--date"),
                amount(args.option("opening-balance", "0.00"), "--opening-balance"),
                amount(args.option("overdraft-limit", "100.00"), "--overdraft-limit"));
        CommandResult<Account, AccountEvent> result = bank.handle(open.accountNumber(), open, metadata("open", user()));
        bank.awaitIdle(CATCH_UP);
        out.println("Opened account " + open.accountNumber() + " for " + open.holder() + " on " + open.openedOn()
                + ": balance " + Money.grouped(result.state().balance()) + ", overdraft limit "
                + Money.grouped(open.overdraftLimit()) + " (stream " + result.streamId() + ")");
    }

    private void transaction(Bank bank, Arguments args) throws InterruptedException {
        String number = accountNumber(bank, args);
        boolean deposit = args.command.equals("deposit");
        BigDecimal amount = amount(args.positional(0, "AMOUNT"), "AMOUNT");
        LocalDate date = date(args.option("date", LocalDate.now().toString()), "--date");
        TransactionType type = type(args.option("type", deposit ? "DEPOSIT" : "WITHDRAWAL"));
        AccountCommand command = deposit
                ? new Deposit(date, type, args.option("description", ""), args.option("ref", ""), amount)
                : new Withdraw(date, type, args.option("network", ""), args.option("description", ""),
                        args.option("ref", ""), amount);
        CommandResult<Account, AccountEvent> result = bank.handle(number, command, metadata(args.command, user()));
        bank.awaitIdle(CATCH_UP);
        out.println((deposit ? "Deposited " : "Withdrew ") + Money.grouped(amount) + " on " + date + " ("
                + type + "), account " + number + " version " + result.version() + ": balance "
                + Money.grouped(result.state().balance()));
        reportFees(bank, number, result.version());
    }

    private void importFile(Bank bank, Arguments args) throws InterruptedException {
        String number = accountNumber(bank, args);
        Path file = Path.of(args.positional(0, "FILE"));
        CommandResult<Account, AccountEvent> result;
        try (Reader csv = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            result = bank.importCsv(number, file.getFileName().toString(), csv, metadata("import", user()));
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        bank.awaitIdle(CATCH_UP);
        int count = result.events().size();
        out.println("Imported " + count + " transactions from " + file + " into account " + number + " (versions "
                + (result.version() - count + 1) + " to " + result.version() + "): balance "
                + Money.grouped(result.state().balance()));
        reportFees(bank, number, result.version());
    }

    private void closeDay(Bank bank, Arguments args) throws InterruptedException {
        String number = accountNumber(bank, args);
        LocalDate date = date(args.positional(0, "DATE"), "DATE");
        long before = bank.store().streamVersion(Bank.streamId(number));
        CommandResult<Account, AccountEvent> result = bank.handle(number, new CloseDay(date),
                metadata("close-day", user()));
        bank.awaitIdle(CATCH_UP);
        out.println(result.isEmpty() ? "Account " + number + " is closed through " + date + " already"
                : "Closed the books of account " + number + " through " + date);
        reportFees(bank, number, before);
    }

    private void statement(Bank bank, Arguments args) throws InterruptedException {
        String number = accountNumber(bank, args);
        bank.awaitAccount(number, CATCH_UP);
        StatementFormat format = StatementFormat.parse(args.option("format", "text"));
        LocalDate from;
        LocalDate to;
        if (args.options.containsKey("from") || args.options.containsKey("to")) {
            from = date(args.required("from"), "--from");
            to = date(args.required("to"), "--to");
        } else {
            StatementCycle cycle = bank.currentCycle(number);
            from = cycle.from();
            to = cycle.to();
        }
        out.print(format.format(bank.statement(number, from, to)));
    }

    private void history(Bank bank, Arguments args) {
        String number = accountNumber(bank, args);
        out.print(HistoryFormat.format(number, bank.history(number)));
    }

    private void balance(Bank bank, Arguments args) {
        String number = accountNumber(bank, args);
        if (args.options.containsKey("as-of") && args.options.containsKey("version")) {
            throw new UsageException("give --as-of or --version, not both");
        }
        if (args.options.containsKey("version")) {
            long version = whole(args.option("version", null), "--version");
            AggregateState<Account> state = bank.stateAt(number, version);
            out.println("Balance of account " + number + " as of version " + state.version() + ": "
                    + Money.grouped(state.state().balance()));
        } else if (args.options.containsKey("as-of")) {
            LocalDate date = date(args.option("as-of", null), "--as-of");
            out.println("Balance of account " + number + " at the end of " + date + ": "
                    + Money.grouped(bank.balanceAsOf(number, date)));
        } else {
            AggregateState<Account> state = bank.accounts().load(Bank.streamId(number));
            out.println("Balance of account " + number + " (version " + state.version() + "): "
                    + Money.grouped(state.state().balance()));
        }
    }

    private void rebuild(Bank bank, Arguments args) throws InterruptedException {
        bank.rebuildStatement();
        bank.awaitIdle(CATCH_UP);
        out.println("Rebuilt the statements of " + bank.accountList().size() + " accounts from the events");
    }

    /** Prints the fees the policy charged after {@code afterVersion}, and the balance after them. */
    private void reportFees(Bank bank, String number, long afterVersion) {
        String streamId = Bank.streamId(number);
        List<FeeCharged> fees = new ArrayList<>();
        try (Stream<RecordedEvent> events = bank.store().readStream(streamId, afterVersion + 1, Long.MAX_VALUE,
                dev.eventstore.Direction.FORWARD)) {
            for (Iterator<RecordedEvent> it = events.iterator(); it.hasNext();) {
                AccountEvent event = bank.types().decode(it.next(), AccountEvent.class).orElseThrow().event();
                if (event instanceof FeeCharged fee) {
                    fees.add(fee);
                }
            }
        }
        for (FeeCharged fee : fees) {
            out.println("  fee charged: " + fee.description() + " " + Money.grouped(fee.amount()) + " on " + fee.date()
                    + " (" + fee.reason() + ")");
        }
        if (!fees.isEmpty()) {
            out.println("Balance now " + Money.grouped(bank.accounts().load(streamId).state().balance()));
        }
    }

    // ---------------------------------------------------------------------------------- plumbing

    private static Bank bank(JdbcEventStore store, Arguments args) {
        String fees = args.option("fees", "on").toLowerCase(Locale.ROOT);
        if (!fees.equals("on") && !fees.equals("off")) {
            throw new UsageException("--fees must be on or off, was: '" + args.option("fees", null) + "'");
        }
        long every = whole(args.option("snapshot-every", Integer.toString(Bank.DEFAULT_SNAPSHOT_EVERY)),
                "--snapshot-every");
        if (every < 1) {
            throw new UsageException("--snapshot-every must be at least 1, was: " + every);
        }
        return Bank.builder(store).snapshotEvery(every).fees(fees.equals("on") ? FeeSchedule.STANDARD : null).build();
    }

    /**
     * @param db a JDBC URL of SQLite or PostgreSQL, or a SQLite file's path
     * @param schema the PostgreSQL schema
     * @return the store
     */
    static JdbcEventStore openStore(String db, String schema) {
        if (db.startsWith("jdbc:postgresql:")) {
            return JdbcEventStore.postgres(db).schema(schema).build();
        }
        String file = db;
        if (db.startsWith("jdbc:sqlite:")) {
            file = db.substring("jdbc:sqlite:".length());
            int query = file.indexOf('?');
            file = query < 0 ? file : file.substring(0, query);
        } else if (db.startsWith("jdbc:")) {
            throw new UsageException("--db must be a jdbc:sqlite: or jdbc:postgresql: URL (or a file), was: '" + db + "'");
        }
        if (file.isBlank() || file.equals(":memory:")) {
            throw new UsageException("--db needs a SQLite file, was: '" + db + "'");
        }
        return JdbcEventStore.sqlite(Path.of(file)).build();
    }

    private static void dropSchema(JdbcEventStore store, String schema) {
        try (Connection connection = store.dataSource().getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (java.sql.SQLException e) {
            throw new EventStoreException("Could not drop the demo's schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static void deleteSqliteFiles(Path file) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            try {
                Files.deleteIfExists(Path.of(file + suffix));
            } catch (IOException e) {
                // A temporary file left behind is harmless; the demo's output matters more.
            }
        }
    }

    private static String accountNumber(Bank bank, Arguments args) {
        if (args.options.containsKey("account")) {
            return bank.account(args.option("account", null)).accountNumber();
        }
        List<AccountInfo> accounts = bank.accountList();
        if (accounts.isEmpty()) {
            throw new UsageException("this database holds no account; open one with 'open', or run 'demo'");
        }
        if (accounts.size() > 1) {
            throw new UsageException("this database holds " + accounts.size() + " accounts; say which with --account ("
                    + String.join(", ", accounts.stream().map(AccountInfo::accountNumber).toList()) + ")");
        }
        return accounts.get(0).accountNumber();
    }

    static EventMetadata metadata(String command, String user) {
        return EventMetadata.forCommand(command + "-" + UUID.randomUUID()).withEntry("user", user);
    }

    static String user() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    private static LocalDate date(String text, String what) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new UsageException(what + " must be a date YYYY-MM-DD, was: '" + text + "'");
        }
    }

    private static BigDecimal amount(String text, String what) {
        try {
            return Money.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }

    private static long whole(String text, String what) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be a whole number, was: '" + text + "'");
        }
    }

    private static TransactionType type(String text) {
        try {
            return TransactionType.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--type: " + e.getMessage());
        }
    }

    static String usage() {
        return """
                Usage: java -jar examples-bank.jar <command> [arguments] [options]

                An event-sourced chequing account: the balance is a fold over its events, the statement
                is a projection in SQL tables, fees are charged by a policy that reacts to events, and
                the history is the audit trail.

                Commands:
                  demo                        open the seed's account (JOHN JONES) in a fresh database,
                                              import its transactions, close the books through
                                              2003-11-08 and print the statement [--format]
                  open --number N --holder NAME [--address LINE]... [--opening-balance 0.00]
                       [--date YYYY-MM-DD] [--overdraft-limit 100.00]
                  deposit AMOUNT [--date D] [--type DEPOSIT] [--description TEXT] [--ref REF]
                  withdraw AMOUNT [--date D] [--type WITHDRAWAL] [--network INTERAC] [--description TEXT]
                       [--ref REF]
                  import FILE.csv             book a CSV of transactions, all or nothing
                  close-day DATE              end of day: close the books through DATE (fees follow)
                  statement [--from D --to D] [--format text|csv|json]
                                              default period: the one holding the latest transaction
                  history                     every event: version, position, time, metadata, snapshots
                  balance [--as-of DATE | --version N]
                  rebuild                     rebuild the statement tables from the events
                  help

                Options for every command:
                  --db URL                    jdbc:sqlite:FILE (default jdbc:sqlite:bank.db) or
                                              jdbc:postgresql://HOST:PORT/DB?user=U
                  --schema NAME               PostgreSQL schema (default bank; the demo uses a fresh one)
                  --account NUMBER            the account (default: the only one in the database)
                  --snapshot-every N          snapshot an account every N events (default 10)
                  --fees on|off               run the fee policy (default on)

                Dates are YYYY-MM-DD (default today); amounts are like 694.81.
                Transaction types: %s
                CSV header: %s
                """.formatted(TransactionType.names(), TransactionCsv.HEADER);
    }

    /** Bad input on the command line; the message names the bad value. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line: the command, its positional arguments and its options. */
    static final class Arguments {
        final String command;
        final List<String> positionals = new ArrayList<>();
        final Map<String, List<String>> options = new HashMap<>();

        private Arguments(String command) {
            this.command = command;
        }

        static Arguments parse(String[] args) {
            String command = null;
            List<String> positionals = new ArrayList<>();
            Map<String, List<String>> options = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    command = "help";
                } else if (arg.startsWith("--")) {
                    String name = arg.substring(2);
                    String value;
                    int equals = name.indexOf('=');
                    if (equals >= 0) {
                        value = name.substring(equals + 1);
                        name = name.substring(0, equals);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                } else if (command == null) {
                    command = arg;
                } else {
                    positionals.add(arg);
                }
            }
            if (command == null) {
                throw new UsageException("no command given");
            }
            if (!OPTIONS.containsKey(command)) {
                throw new UsageException("unknown command '" + command + "'");
            }
            Arguments parsed = new Arguments(command);
            for (Map.Entry<String, List<String>> option : options.entrySet()) {
                String name = option.getKey();
                if (!GLOBAL.contains(name) && !OPTIONS.get(command).contains(name)) {
                    throw new UsageException("unknown option --" + name + " for " + command);
                }
                if (option.getValue().size() > 1 && !name.equals("address")) {
                    throw new UsageException("option --" + name + " is given " + option.getValue().size() + " times");
                }
            }
            int expected = POSITIONALS.getOrDefault(command, 0);
            if (positionals.size() > expected) {
                throw new UsageException(command + " takes " + (expected == 0 ? "no argument" : expected + " argument")
                        + ", but was given " + positionals.subList(expected, positionals.size()));
            }
            parsed.positionals.addAll(positionals);
            parsed.options.putAll(options);
            return parsed;
        }

        String option(String name, String fallback) {
            List<String> values = options.get(name);
            return values == null ? fallback : values.get(0);
        }

        List<String> all(String name) {
            return options.getOrDefault(name, List.of());
        }

        String required(String name) {
            String value = option(name, null);
            if (value == null) {
                throw new UsageException(command + " needs --" + name);
            }
            return value;
        }

        String positional(int index, String name) {
            if (index >= positionals.size()) {
                throw new UsageException(command + " needs " + name);
            }
            return positionals.get(index);
        }
    }
}
