package labelloop;

import java.net.InetSocketAddress;
import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;

/**
 * Serves the MongoDB wire protocol on loopback, backed by an H2 MVStore file.
 *
 * <p>Usage: {@code MongoWireServer <host> <port> <store-file>}. Reports server 4.4 / wire 9 because
 * the library's built-in versions stop at wire 8, which current PyMongo and mongosh refuse.
 */
public final class MongoWireServer {

    /** MongoDB 4.4 as current drivers expect it: wire version 9. */
    private static final MongoVersion MONGO_4_4 = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public String toVersionString() {
            return "4.4.0";
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    /**
     * Background commits still run for anything a write command does not cover (e.g. cursor state); every
     * write command itself is committed before it is answered (DurableH2Backend).
     */
    private static final int AUTO_COMMIT_MILLIS = 100;

    /** Netty worker threads: each waits for its connection's commit, so more threads share each commit. */
    private static final int WORKER_THREADS = 32;

    private MongoWireServer() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: MongoWireServer <host> <port> <store-file>"
                    + "  (-Dlabelloop.durability=fsync|commit|interval, default fsync; -Dlabelloop.retentionMillis=N)");
            System.exit(2);
        }
        String durability = System.getProperty("labelloop.durability", "fsync");
        if (!List.of("fsync", "commit", "interval").contains(durability)) {
            System.err.println("labelloop.durability must be fsync, commit or interval, not '" + durability + "'");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        MVStore store = new MVStore.Builder()
                .fileName(args[2])
                .open();
        store.setAutoCommitDelay(AUTO_COMMIT_MILLIS);
        // How long a chunk with no live data is kept before its space is reused (H2's default: 45 s). A read that
        // is still going holds its own version (DurableH2Backend), whatever this is; tests set 0 to prove it.
        store.setRetentionTime(Integer.getInteger("labelloop.retentionMillis", store.getRetentionTime()));
        DurableH2Backend backend = new DurableH2Backend(store, durability);
        backend.version(MONGO_4_4);
        MongoServer server = new MongoServer(backend);
        // Without an orderly shutdown on SIGTERM a restart loses recently written documents.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            store.close();
            System.out.println("mongo-wire stopped: " + backend.stats());
        }, "mongo-wire-shutdown"));
        server.bind(new InetSocketAddress(host, port), 1, WORKER_THREADS);
        System.out.println("mongo-wire listening on " + host + ":" + port + " store=" + args[2] + " durability=" + durability);
    }
}
