package dev.eventstore.examples.bank;

import dev.eventstore.AppendResult;
import dev.eventstore.EventStoreException;
import dev.eventstore.StreamDeletedException;
import dev.eventstore.aggregate.AggregateState;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.examples.bank.AccountCommand.CloseAccount;
import dev.eventstore.examples.bank.AccountCommand.CloseDay;
import dev.eventstore.examples.bank.AccountCommand.Deposit;
import dev.eventstore.examples.bank.AccountCommand.OpenAccount;
import dev.eventstore.examples.bank.AccountCommand.Withdraw;
import dev.eventstore.examples.bank.AccountEvent.FeeCharged;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.reactor.ParkedEvent;
import dev.eventstore.reactor.ParkedEvents;
import dev.eventstore.typed.TypedEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line, {@code java -jar examples-bank.jar <command> [arguments] [options]}, parsed by
 * picocli: each command is a method below; run {@code help} for the list. Every command but
 * {@code demo} and {@code help} opens the bank on the store {@code --db} names, does one thing and
 * closes it. Results go to stdout; errors go to stderr, naming the bad value, with exit status 2 for
 * bad input and 1 for a refused command or a failure.
 */
@Command(name = "java -jar examples-bank.jar", synopsisSubcommandLabel = "<command>", description = {
    "An event-sourced chequing account: the balance is a fold over its events, the statement is a "
        + "projection in SQL tables, fees are charged by a policy that reacts to events, and the history is "
        + "the audit trail.", ""})
public final class BankCli implements Callable<Integer> {

    /** The default store: a SQLite file in the working directory. */
    public static final String DEFAULT_DB = "jdbc:sqlite:bank.db";
    /** The default PostgreSQL schema. */
    public static final String DEFAULT_SCHEMA = "bank";

    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final String HINT = "Run 'java -jar examples-bank.jar help' for the commands and their options.";

    // Options of every command: given before the command or after it.
    @Option(names = "--db", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "jdbc:sqlite:FILE (default jdbc:sqlite:bank.db) or jdbc:postgresql://HOST:PORT/DB?user=U")
    private String db;
    @Option(names = "--schema", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "PostgreSQL schema (default bank; the demo uses a fresh one)")
    private String schema;
    @Option(names = "--account", paramLabel = "NUMBER", scope = ScopeType.INHERIT,
            description = "the account (default: the only one in the database)")
    private String account;
    @Option(names = "--snapshot-every", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "snapshot an account every N events (default 10)")
    private long snapshotEvery = Bank.DEFAULT_SNAPSHOT_EVERY;
    @Option(names = "--fees", paramLabel = "on|off", scope = ScopeType.INHERIT,
            description = "run the fee policy (default on)")
    private String fees = "on";
    @Option(names = "--statement-version", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "the statement read model's version a new database starts with (default "
                    + StatementProjection.LATEST_VERSION + ", the latest)")
    private int statementVersion = StatementProjection.LATEST_VERSION;
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "this help")
    private boolean help;

    @Spec
    private CommandSpec spec;
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
        CommandLine cli = new CommandLine(this)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .registerConverter(LocalDate.class, BankCli::date)
                .registerConverter(Long.class, BankCli::whole)
                .registerConverter(long.class, BankCli::whole)
                .registerConverter(BigDecimal.class, Money::parse)
                .registerConverter(TransactionType.class, TransactionType::parse)
                .registerConverter(StatementFormat.class, StatementFormat::parse)
                .setParameterExceptionHandler(this::badUsage)
                .setExecutionExceptionHandler(this::failed);
        cli.getCommandSpec().usageMessage().footer("", "Dates are YYYY-MM-DD (default today); amounts are like 694.81.",
                "Transaction types: " + TransactionType.names(), "CSV header: " + TransactionCsv.HEADER);
        int status = cli.execute(args);
        out.flush();
        return status;
    }

    /** Without a command: there is nothing to do. */
    @Override
    public Integer call() {
        throw new UsageException("no command given");
    }

    // ---------------------------------------------------------------------------------- commands

    @Command(name = "demo", description = "open the seed's account (JOHN JONES) in a fresh database, import its "
            + "transactions, close the books through 2003-11-08 and print the statement")
    int demo(@Option(names = "--format", paramLabel = "text|csv|json", defaultValue = "text") StatementFormat format)
            throws InterruptedException {
        Path temporary = null;
        String url = db;
        String demoSchema = schema;
        boolean dropSchema = false;
        try {
            if (url == null) {
                temporary = Files.createTempFile("bank-demo-", ".db");
                url = "jdbc:sqlite:" + temporary;
            } else if (url.startsWith("jdbc:postgresql:") && demoSchema == null) {
                demoSchema = "bank_demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                dropSchema = true;
            }
            try (JdbcEventStore store = openStore(url, demoSchema == null ? DEFAULT_SCHEMA : demoSchema)) {
                try (Bank bank = bank(store)) {
                    if (store.streamVersion(Bank.streamId(SeedDemo.ACCOUNT)) > 0) {
                        throw new UsageException("account " + SeedDemo.ACCOUNT + " exists already in " + url
                                + "; the demo needs a fresh database (leave out --db, or give an empty one)");
                    }
                    out.print(format.format(SeedDemo.run(bank, user())));
                } finally {
                    if (dropSchema) {
                        dropSchema(store, demoSchema);
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

    @Command(name = "open", description = "open an account")
    int open(@Option(names = "--number", paramLabel = "N", required = true) String number,
            @Option(names = "--holder", paramLabel = "NAME", required = true) String holder,
            @Option(names = "--address", paramLabel = "LINE", description = "one line of the address; repeatable")
                    List<String> address,
            @Option(names = "--opening-balance", paramLabel = "0.00", defaultValue = "0.00") BigDecimal openingBalance,
            @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "default today") LocalDate date,
            @Option(names = "--overdraft-limit", paramLabel = "100.00", defaultValue = "100.00")
                    BigDecimal overdraftLimit)
            throws InterruptedException {
        OpenAccount open = new OpenAccount(number, holder, address == null ? List.of() : address,
                date == null ? LocalDate.now() : date, openingBalance, overdraftLimit);
        return withBank(bank -> {
            CommandResult<Account, AccountEvent> result = bank.handle(open.accountNumber(), open,
                    Bank.metadata("open", user()));
            report(bank, open.accountNumber(), result.version(), "Opened account " + open.accountNumber() + " for "
                    + open.holder() + " on " + open.openedOn() + ": balance " + Money.grouped(result.state().balance())
                    + ", overdraft limit " + Money.grouped(open.overdraftLimit()) + " (stream " + result.streamId()
                    + ")");
        });
    }

    /** What a deposit and a withdrawal have in common. */
    static final class TransactionOptions {
        @Parameters(paramLabel = "AMOUNT", description = "positive, at most two decimals")
        BigDecimal amount;
        @Option(names = "--date", paramLabel = "D", description = "default today")
        LocalDate date;
        @Option(names = "--type", paramLabel = "TYPE", description = "the kind of transaction (see help)")
        TransactionType type;
        @Option(names = "--description", paramLabel = "TEXT", defaultValue = "",
                description = "what the statement prints (default: the type's)")
        String description;
        @Option(names = "--ref", paramLabel = "REF", defaultValue = "", description = "the Ref. column")
        String ref;

        LocalDate date() {
            return date == null ? LocalDate.now() : date;
        }
    }

    @Command(name = "deposit", description = "money in")
    int deposit(@Mixin TransactionOptions t) throws InterruptedException {
        TransactionType type = t.type == null ? TransactionType.DEPOSIT : t.type;
        return book("deposit", "Deposited ", new Deposit(t.date(), type, t.description, t.ref, t.amount));
    }

    @Command(name = "withdraw", description = "money out, down to the overdraft limit")
    int withdraw(@Mixin TransactionOptions t, @Option(names = "--network", paramLabel = "NETWORK", defaultValue = "",
            description = "the ATM's network, for an ATM_WITHDRAWAL (INTERAC costs a fee)") String network)
            throws InterruptedException {
        TransactionType type = t.type == null ? TransactionType.WITHDRAWAL : t.type;
        return book("withdraw", "Withdrew ", new Withdraw(t.date(), type, network, t.description, t.ref, t.amount));
    }

    private int book(String name, String done, AccountCommand.Transaction command) throws InterruptedException {
        return withBank(bank -> {
            String number = accountNumber(bank);
            CommandResult<Account, AccountEvent> result = bank.handle(number, command, Bank.metadata(name, user()));
            report(bank, number, result.version(), done + Money.grouped(command.amount()) + " on " + command.date()
                    + " (" + command.type() + "), account " + number + " version " + result.version() + ": balance "
                    + Money.grouped(result.state().balance()));
        });
    }

    @Command(name = "import", description = "book a CSV of transactions, all or nothing")
    int importFile(@Parameters(paramLabel = "FILE") Path file) throws InterruptedException {
        return withBank(bank -> {
            String number = accountNumber(bank);
            CommandResult<Account, AccountEvent> result;
            try (Reader csv = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                result = bank.importCsv(number, file.getFileName().toString(), csv, Bank.metadata("import", user()));
            } catch (NoSuchFileException e) {
                throw new UsageException("no such file: " + file);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
            }
            int count = result.events().size();
            report(bank, number, result.version(), "Imported " + count + " transactions from " + file
                    + " into account " + number + " (versions " + (result.version() - count + 1) + " to "
                    + result.version() + "): balance " + Money.grouped(result.state().balance()));
        });
    }

    @Command(name = "close-day", description = "end of day: close the books through DATE (fees follow)")
    int closeDay(@Parameters(paramLabel = "DATE") LocalDate date) throws InterruptedException {
        return withBank(bank -> {
            String number = accountNumber(bank);
            long before = bank.store().streamVersion(Bank.streamId(number));
            CommandResult<Account, AccountEvent> result = bank.handle(number, new CloseDay(date),
                    Bank.metadata("close-day", user()));
            report(bank, number, before, result.isEmpty() ? "Account " + number + " is closed through " + date
                    + " already" : "Closed the books of account " + number + " through " + date);
        });
    }

    @Command(name = "statement", description = "a statement; by default the period holding the latest transaction")
    int statement(@Option(names = "--from", paramLabel = "D") LocalDate from,
            @Option(names = "--to", paramLabel = "D") LocalDate to,
            @Option(names = "--format", paramLabel = "text|csv|json", defaultValue = "text") StatementFormat format)
            throws InterruptedException {
        return withBank(bank -> {
            String number = accountNumber(bank);
            bank.awaitAccount(number, CATCH_UP);
            LocalDate first = from;
            LocalDate last = to;
            if (from == null && to == null) {
                StatementCycle cycle = bank.queries().currentCycle(number);
                first = cycle.from();
                last = cycle.to();
            } else if (from == null || to == null) {
                throw new UsageException("statement needs " + (from == null ? "--from" : "--to"));
            }
            out.print(format.format(bank.queries().statement(number, first, last)));
        });
    }

    @Command(name = "history", description = "every event: version, position, time, metadata, snapshots")
    int history() throws InterruptedException {
        return withBank(bank -> {
            String number = accountNumber(bank);
            out.print(HistoryFormat.format(number, bank.queries().history(number)));
        });
    }

    @Command(name = "balance", description = "the balance now, at the end of a business day, or after a version")
    int balance(@Option(names = "--as-of", paramLabel = "DATE") LocalDate asOf,
            @Option(names = "--version", paramLabel = "N") Long version) throws InterruptedException {
        return withBank(bank -> {
            String number = accountNumber(bank);
            if (asOf != null && version != null) {
                throw new UsageException("give --as-of or --version, not both");
            }
            if (asOf != null) {
                out.println("Balance of account " + number + " at the end of " + asOf + ": "
                        + Money.grouped(bank.queries().balanceAsOf(number, asOf)));
                return;
            }
            AggregateState<Account> state = version == null ? bank.queries().state(number)
                    : bank.queries().stateAt(number, version);
            out.println("Balance of account " + number + (version == null ? " (version " + state.version() + "): "
                    : " as of version " + state.version() + ": ") + Money.grouped(state.state().balance()));
        });
    }

    @Command(name = "close", description = "close the account for good (its balance must be 0.00); it stays readable")
    int close(@Option(names = "--date", paramLabel = "D", description = "default today") LocalDate date)
            throws InterruptedException {
        LocalDate on = date == null ? LocalDate.now() : date;
        return withBank(bank -> {
            String number = accountNumber(bank);
            long before = bank.store().streamVersion(Bank.streamId(number));
            CommandResult<Account, AccountEvent> result = bank.handle(number, new CloseAccount(on),
                    Bank.metadata("close", user()));
            report(bank, number, before, result.isEmpty() ? "Account " + number + " is closed already (since "
                    + result.state().closedOn() + ")" : "Closed account " + number + " on " + on + " (version "
                    + result.version() + "); its statements stay readable until it is deleted");
        });
    }

    @Command(name = "delete", description = "delete a closed account: its number can never be used again")
    int delete() throws InterruptedException {
        return withBank(bank -> {
            String number = accountNumber(bank);
            AppendResult tombstone = bank.deleteAccount(number);
            bank.awaitIdle(CATCH_UP);
            out.println("Deleted account " + number + " (stream " + Bank.streamId(number) + " tombstoned at version "
                    + tombstone.nextExpectedVersion() + "); its events leave the log at the next scavenge");
        });
    }

    @Command(name = "rebuild", description = "rebuild the statement tables from the events")
    int rebuild() throws InterruptedException {
        return withBank(bank -> {
            bank.rebuildStatement();
            bank.awaitIdle(CATCH_UP);
            out.println("Rebuilt the statements of " + bank.queries().accounts().size() + " accounts from the events");
        });
    }

    @Command(name = "parked", description = "the fee policy's parked events (events it could not handle, and "
            + "those of the same account waiting behind them): list them; retry one after a fix; or skip one. A retry "
            + "or skip then handles the events waiting behind it, in order")
    int parked(@Parameters(paramLabel = "list|retry|skip") String action,
            @Parameters(paramLabel = "POSITION", arity = "0..1") Long position) throws InterruptedException {
        String what = action.toLowerCase(Locale.ROOT);
        if (!List.of("list", "retry", "skip").contains(what)) {
            throw new UsageException("parked takes list, retry or skip, was: '" + action + "'");
        }
        if (what.equals("list") && position != null) {
            throw new UsageException("parked list takes no position, was given: " + position);
        }
        if (!what.equals("list") && position == null) {
            throw new UsageException("parked " + what + " needs the POSITION of a parked event; 'parked list' shows them");
        }
        return withBank(bank -> {
            ParkedEvents parked;
            try {
                parked = bank.parkedFeeEvents();
            } catch (IllegalStateException e) {
                throw new UsageException("parked needs the fee policy: leave out --fees off");
            }
            switch (what) {
                case "list" -> out.print(ParkedFormat.format(parked.consumer(), parked.list()));
                case "retry" -> {
                    String stream = parked.find(position).map(ParkedEvent::streamId).orElse("?");
                    int handled = parked.retry(position);
                    out.println("Retried the event at position " + position + ": " + handled + " event"
                            + (handled == 1 ? "" : "s") + " handled; " + stream + " is released");
                }
                default -> {
                    String stream = parked.find(position).map(ParkedEvent::streamId).orElse("?");
                    int handled = parked.skip(position);
                    out.println("Skipped the event at position " + position + "; " + handled + " event"
                            + (handled == 1 ? "" : "s") + " that waited behind it handled; " + stream + " is released");
                }
            }
        });
    }

    @Command(name = "upgrade-statement", description = "move the statement read model to the latest version by a "
            + "blue/green rebuild: built beside the live one while it serves, switched in one transaction")
    int upgradeStatement() throws InterruptedException {
        return withBank(bank -> {
            int before = bank.upgradeStatement(CATCH_UP);
            if (before == bank.statementVersion()) {
                out.println("The statement read model is at version " + before + ", the latest already");
                return;
            }
            bank.awaitIdle(CATCH_UP);
            out.println("Statement read model: version " + before + " -> " + bank.statementVersion() + " (built beside "
                    + "the live tables, switched in one transaction; version " + before + "'s tables dropped)");
        });
    }

    @Command(name = "help", description = "the commands, or one command's options")
    int help(@Parameters(paramLabel = "COMMAND", arity = "0..1") String command) {
        CommandLine of = command == null ? spec.commandLine() : spec.subcommands().get(command);
        if (of == null) {
            throw new UsageException("unknown command '" + command + "'");
        }
        of.usage(spec.commandLine().getOut());
        return 0;
    }

    // ---------------------------------------------------------------------------------- plumbing

    /** What a command does with the bank. */
    private interface BankWork {
        void run(Bank bank) throws InterruptedException;
    }

    /** Opens the store and the bank, runs {@code work}, closes them. */
    private int withBank(BankWork work) throws InterruptedException {
        try (JdbcEventStore store = openStore(db == null ? DEFAULT_DB : db, schema == null ? DEFAULT_SCHEMA : schema);
                Bank bank = bank(store)) {
            work.run(bank);
        }
        return 0;
    }

    private Bank bank(JdbcEventStore store) {
        String onOff = fees.toLowerCase(Locale.ROOT);
        if (!onOff.equals("on") && !onOff.equals("off")) {
            throw new UsageException("--fees must be on or off, was: '" + fees + "'");
        }
        if (snapshotEvery < 1) {
            throw new UsageException("--snapshot-every must be at least 1, was: " + snapshotEvery);
        }
        if (statementVersion < 1 || statementVersion > StatementProjection.LATEST_VERSION) {
            throw new UsageException("--statement-version must be 1 to " + StatementProjection.LATEST_VERSION
                    + ", was: " + statementVersion);
        }
        return Bank.builder(store).snapshotEvery(snapshotEvery).fees(onOff.equals("on") ? FeeSchedule.STANDARD : null)
                .statementVersion(statementVersion).build();
    }

    /** The account {@code --account} names, or else the only one in the database. */
    private String accountNumber(Bank bank) {
        if (account != null) {
            return bank.queries().account(account).accountNumber();
        }
        List<AccountInfo> accounts = bank.queries().accounts();
        if (accounts.isEmpty()) {
            throw new UsageException("this database holds no account; open one with 'open', or run 'demo'");
        }
        if (accounts.size() > 1) {
            throw new UsageException("this database holds " + accounts.size() + " accounts; say which with --account ("
                    + accounts.stream().map(AccountInfo::accountNumber).collect(Collectors.joining(", ")) + ")");
        }
        return accounts.get(0).accountNumber();
    }

    /**
     * Waits for the fee policy and the statement to catch up with a command, then prints what the
     * command did, the fees the policy charged after {@code afterVersion}, and the balance after them.
     */
    private void report(Bank bank, String number, long afterVersion, String done) throws InterruptedException {
        bank.awaitIdle(CATCH_UP);
        out.println(done);
        List<FeeCharged> charged = bank.queries().events(number, afterVersion + 1).stream().map(TypedEvent::event)
                .filter(FeeCharged.class::isInstance).map(FeeCharged.class::cast).toList();
        for (FeeCharged fee : charged) {
            out.println("  fee charged: " + fee.description() + " " + Money.grouped(fee.amount()) + " on " + fee.date()
                    + " (" + fee.reason() + ")");
        }
        if (!charged.isEmpty()) {
            out.println("Balance now " + Money.grouped(bank.queries().state(number).state().balance()));
        }
    }

    /**
     * @param db a JDBC URL of SQLite or PostgreSQL, or a SQLite file's path
     * @param schema the PostgreSQL schema
     * @return the store
     */
    private static JdbcEventStore openStore(String db, String schema) {
        if (db.startsWith("jdbc:postgresql:")) {
            return JdbcEventStore.postgres(db).schema(schema).build();
        }
        String file = db;
        if (db.startsWith("jdbc:sqlite:")) {
            file = db.substring("jdbc:sqlite:".length());
            int query = file.indexOf('?');
            file = query < 0 ? file : file.substring(0, query);
        } else if (db.startsWith("jdbc:")) {
            throw new UsageException("--db must be a jdbc:sqlite: or jdbc:postgresql: URL (or a file), was: '" + db
                    + "'");
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
        } catch (SQLException e) {
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

    private static String user() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    // ------------------------------------------------------------------------ values and errors

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("must be a date YYYY-MM-DD, was: '" + text + "'");
        }
    }

    private static Long whole(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, was: '" + text + "'");
        }
    }

    /** Bad input on the command line; the message names the bad value. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Picocli found the command line malformed: says so as this command line always has, exit 2. */
    private int badUsage(ParameterException e, String[] args) {
        err.println("error: " + problem(e));
        err.println(HINT);
        return 2;
    }

    private static String problem(ParameterException e) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandName();
        if (e instanceof UnmatchedArgumentException unmatched) {
            String first = unmatched.getUnmatched().get(0);
            if (first.startsWith("-")) {
                return "unknown option " + first.split("=", 2)[0] + " for " + name;
            }
            if (command.getParent() == null) {
                return "unknown command '" + first + "'";
            }
            int expected = command.getCommandSpec().positionalParameters().size();
            return name + " takes " + (expected == 0 ? "no argument" : expected + " argument") + ", but was given "
                    + unmatched.getUnmatched();
        }
        if (e instanceof MissingParameterException missing) {
            ArgSpec arg = missing.getMissing().get(0);
            return arg.required() ? name + " needs " + label(arg) : "option " + label(arg) + " needs a value";
        }
        if (e instanceof OverwrittenOptionException overwritten) {
            return "option " + label(overwritten.getOverwritten()) + " is given more than once";
        }
        if (e.getArgSpec() != null && e.getCause() != null) {
            // A value that could not be converted: the converter's message names it.
            String problem = e.getCause().getMessage();
            return label(e.getArgSpec()) + (problem.startsWith("must ") ? " " : ": ") + problem;
        }
        return e.getMessage();
    }

    private static String label(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : ((PositionalParamSpec) arg).paramLabel();
    }

    /** A command failed: bad input exits 2, a refusal or a failure 1; anything else is a bug. */
    private int failed(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        if (e instanceof CommandRejectedException || e instanceof StreamDeletedException) {
            err.println("rejected: " + e.getMessage());
            return 1;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            if (e instanceof UsageException) {
                err.println(HINT);
            }
            return 2;
        }
        if (e instanceof EventStoreException || e instanceof IllegalStateException
                || e instanceof UncheckedIOException) {
            err.println("failed: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return 1;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        }
        throw e;
    }
}
