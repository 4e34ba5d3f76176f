package labelloop;

import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

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

    /** MongoDB's own journal commit interval: a crash loses at most this much. */
    private static final int AUTO_COMMIT_MILLIS = 100;

    private MongoWireServer() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: MongoWireServer <host> <port> <store-file>");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        MVStore store = new MVStore.Builder()
                .fileName(args[2])
                .open();
        store.setAutoCommitDelay(AUTO_COMMIT_MILLIS);
        H2Backend backend = new AdminCommandsBackend(store);
        backend.version(MONGO_4_4);
        MongoServer server = new MongoServer(backend);
        // Without an orderly shutdown on SIGTERM a restart loses recently written documents.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            store.close();
        }, "mongo-wire-shutdown"));
        server.bind(host, port);
        System.out.println("mongo-wire listening on " + host + ":" + port + " store=" + args[2]);
    }
}
