package de.bwaldvogel.mongo.backend.h2;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;

/**
 * The library's H2 database whose unique indexes compare their keys without serialising them each time.
 *
 * <p>A unique index is an MVMap keyed by {@link KeyValue}, which is not {@code Comparable}: H2's
 * {@link ObjectDataType} then orders two keys by their Java-serialised bytes, and serialises both on every
 * comparison of every B-tree search, which made an insert of a 2,000-document batch spend most of its time there
 * (docs/performance.md, Import). {@link CachedKeyType} orders keys exactly the same way (the same bytes, the same
 * {@code compareNotNull}) and writes them the same way, so stores written before stay readable, but keeps the bytes
 * of single-string keys (ids, cas tokens, user names) it has serialised. In this package because the library's
 * index constructor is package-private.
 */
public final class KeyedH2Database extends H2Database {

    /** The store while the library's constructor (which opens the existing indexes) runs, before ours can set it. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;

    public KeyedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, opening(store), cursorRegistry);
        OPENING.remove();
        this.store = store;
    }

    private static MVStore opening(MVStore store) {
        OPENING.set(store);
        return store;
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        // the library's own map name for the index (H2Database.mapNameForIndex)
        String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
        MVStore mvStore = store != null ? store : OPENING.get();
        MVMap<KeyValue, Object> map = mvStore.openMap(mapName,
                new MVMap.Builder<KeyValue, Object>().keyType(new CachedKeyType()));
        return new H2UniqueIndex(map, indexName, keys, sparse);
    }

    /** {@link ObjectDataType}'s order and format, with the serialised bytes of single-string keys kept. */
    static final class CachedKeyType extends ObjectDataType {

        /** Keys whose bytes are kept (about 250 bytes each); past this the cache starts again empty. */
        private static final int MAX_KEPT = 200_000;

        private final ConcurrentHashMap<String, byte[]> bytes = new ConcurrentHashMap<>();

        @Override
        public int compare(Object a, Object b) {
            if (a == b) {
                return 0;
            }
            byte[] x = kept(a);
            byte[] y = x == null ? null : kept(b);
            if (x == null || y == null) {
                return super.compare(a, b);
            }
            return compareNotNull(x, y);
        }

        /**
         * The serialised bytes of a key made of one string (equal strings serialise to equal bytes; a key of
         * several values could hold one string object twice, which serialises differently), or null.
         */
        private byte[] kept(Object key) {
            if (!(key instanceof KeyValue value) || value.size() != 1 || !(value.get(0) instanceof String text)) {
                return null;
            }
            byte[] serialised = bytes.get(text);
            if (serialised == null) {
                serialised = serialize(value);
                if (bytes.size() >= MAX_KEPT) {
                    bytes.clear();
                }
                bytes.put(text, serialised);
            }
            return serialised;
        }
    }
}
