package labelloop;

import java.util.Map;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The H2 backend, with the answers mongo-express (the database browser) needs that mongo-java-server gives in
 * another shape; every other command goes to {@link H2Backend} unchanged.
 *
 * <p>{@code collStats}: the library reports the size of each index as {@code indexSize} (a document), where
 * MongoDB has {@code indexSizes} (that document) and {@code totalIndexSize} (their sum). mongo-express reads
 * {@code indexSizes} on every collection page and fails without it. Both fields are added; the library's own stays.
 */
public class AdminCommandsBackend extends H2Backend {

    public AdminCommandsBackend(MVStore store) {
        super(store);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document response = super.handleCommand(channel, databaseName, command, query);
        if ("collStats".equalsIgnoreCase(command)) {
            addIndexSizes(response);
        }
        return response;
    }

    static void addIndexSizes(Document stats) {
        if (stats.containsKey("indexSizes") || !(stats.get("indexSize") instanceof Map<?, ?> sizes)) {
            return;
        }
        Document indexSizes = new Document();
        long total = 0;
        for (Map.Entry<?, ?> entry : sizes.entrySet()) {
            long size = entry.getValue() instanceof Number number ? number.longValue() : 0L;
            indexSizes.put(String.valueOf(entry.getKey()), size);
            total += size;
        }
        stats.put("indexSizes", indexSizes);
        stats.put("totalIndexSize", total);
    }
}
