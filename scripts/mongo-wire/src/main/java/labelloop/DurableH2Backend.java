package labelloop;

import java.util.Locale;
import java.util.Set;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.KeyedH2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The H2 backend (with the admin answers of {@link AdminCommandsBackend}) that makes every write durable before
 * it is answered.
 *
 * <p>After a write command the store is committed, every chunk the store is still writing in the background is
 * waited for, and (with {@code fsync}) the file is forced to the disk, before the reply goes out. Writes that arrive together share one commit (group commit): a writer waits for the one
 * commit in progress, and returns at once when that commit already covered its write.
 */
final class DurableH2Backend extends AdminCommandsBackend {

    /** Commands that change data or metadata; every other command is answered without a commit. */
    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "drop",
            "dropdatabase", "create", "renamecollection", "collmod");

    private final MVStore store;
    private final boolean fsync;
    private final Object commitLock = new Object();
    /** Every change made in a store version up to this one is on disk. */
    private long durableThrough = -1;
    private long commits;
    private long groupedWrites;

    private final boolean perWrite;

    /**
     * {@code durability}: "fsync" (the default: committed and forced to the disk before the answer), "commit"
     * (committed to the OS before the answer: survives a process crash, not a power loss), or "interval" (the
     * background commit alone, every AUTO_COMMIT interval: only for benchmarks that compare with it).
     */
    DurableH2Backend(MVStore store, String durability) {
        super(store);
        this.store = store;
        this.fsync = durability.equals("fsync");
        this.perWrite = !durability.equals("interval");
    }

    /**
     * Databases whose unique indexes compare keys without serialising them each time ({@link KeyedH2Database});
     * {@code -Dlabelloop.keyedIndexes=false}: the library's own (tests prove both read what the other wrote).
     */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        if (!Boolean.parseBoolean(System.getProperty("labelloop.keyedIndexes", "true"))) {
            return super.openOrCreateDatabase(databaseName);
        }
        return new KeyedH2Database(databaseName, getMvStore(), getCursorRegistry()); // also called by the library's constructor
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        // The store version this command starts on stays readable until it ends: without this, a long read (a
        // full scan of a large collection, which the library collects in one go) fails with "Chunk … not found"
        // once the background compaction has moved the pages it still reads and their old chunk's space is reused.
        MVStore.TxCounter reading = store.registerVersionUsage();
        try {
            if (!perWrite || !isWrite(command, query)) {
                return super.handleCommand(channel, databaseName, command, query);
            }
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                // Also after an error: a batch that failed midway has stored its first documents.
                makeDurable(store.getCurrentVersion());
            }
        } finally {
            store.deregisterVersionUsage(reading);
        }
    }

    private static boolean isWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (WRITE_COMMANDS.contains(name)) {
            return true;
        }
        // an aggregation that writes its result ($out, $merge)
        if (!name.equals("aggregate")) {
            return false;
        }
        String pipeline = String.valueOf(query.get("pipeline"));
        return pipeline.contains("$out") || pipeline.contains("$merge");
    }

    /** Returns once every change of store version {@code version} (and before) is committed. */
    private void makeDurable(long version) {
        synchronized (commitLock) {
            groupedWrites++;
            if (durableThrough >= version) {
                return; // a commit made while this writer waited covered its write
            }
            store.commit();
            // Every change made in a version before the current one is now in a chunk, stored or queued. Not
            // "the version before the commit": when the background commit had already taken the changes,
            // commit() stores nothing and leaves that version open to new writes.
            long stored = store.getCurrentVersion() - 1;
            // The background commit (and a writer's commit under memory pressure) serialises and writes its
            // chunk on the store's own threads, after it has marked the changes saved: commit() then finds
            // nothing left to store and returns while that chunk may still be on its way to the file. Waiting
            // for the store's write queues (they run in order) covers such a chunk too.
            store.executeFilestoreOperation(() -> { });
            if (fsync) {
                store.sync();
            }
            durableThrough = stored;
            commits++;
        }
    }

    /** One line for the log: how many writes shared how many commits. */
    String stats() {
        synchronized (commitLock) {
            return "writes=" + groupedWrites + " commits=" + commits + " fsync=" + fsync + " perWrite=" + perWrite;
        }
    }
}
