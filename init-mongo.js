// The one bootstrap of Labelloop's MongoDB database: every collection, every unique index the code relies on,
// and the application user where the server has users. The application creates none of these: at start it checks
// that they exist (backend/clients/mongo_bootstrap.py) and, if not, refuses to start and names this script.
//
// It runs at every start, and any number of times (what exists is left as it is):
//   - native stack: `make up` (scripts/stack.sh) runs it with mongosh right after the MongoDB-wire server starts;
//   - docker compose: the one-shot service `mongo-init` runs it with mongosh on every `docker compose up`, before
//     the api and worker services start (they wait for it to complete);
//   - by hand: scripts/tools/node_modules/.bin/mongosh "mongodb://HOST:PORT/admin" init-mongo.js
//
// Environment: LABELLOOP_MONGO_DB (default "labelloop"); LABELLOOP_MONGO_APP_USER and LABELLOOP_MONGO_APP_PASSWORD:
// when both are set, the user gets readWrite on that database only (created, or its password and roles reset to
// these). The native MongoDB-wire server has no users (it listens on loopback only): there the user is skipped.

const dbName = process.env.LABELLOOP_MONGO_DB || 'labelloop';
const appUser = process.env.LABELLOOP_MONGO_APP_USER || '';
const appPassword = process.env.LABELLOOP_MONGO_APP_PASSWORD || '';
const appDb = db.getSiblingDB(dbName);

// Every collection the code reads or writes (one owner module each, named beside it).
const COLLECTIONS = [
  'users', // backend/auth/repository.py
  'datasets', // backend/datasets/repository.py
  'items', // backend/items/repository.py
  'index_backlog', // backend/items/repository.py: writes Elasticsearch has yet to get
  'jobs', // backend/jobs/repository.py
  'job_events', // backend/jobs/events.py
  'model_heads', // backend/models/repository.py
  'promotions', // backend/models/repository.py
  'predictions', // backend/models/repository.py
  'model_settings', // backend/models/repository.py
  'training_sets', // backend/training/sets_repository.py
  'training_snapshots', // backend/training/sets_frozen.py
  'automations', // backend/automations/repository.py
  'model_routes', // backend/models/alias_store.py: named aliases and shadow share per model
  'alias_events', // backend/models/alias_store.py
  'evaluation_sets', // backend/models/evaluation_store.py: one head per dataset
  'evaluation_chunks', // backend/models/evaluation_store.py: the ids of each frozen set
  'version_evaluations', // backend/models/evaluation_store.py: a version's metrics on the evaluation set
  'promotion_proposals', // backend/models/promotion_store.py
  'promotion_proposal_lists', // backend/models/promotion_store.py: one list per model
];

// The unique indexes reads and compare-and-set writes are keyed on. The application checks each one by name, key
// and options (backend/clients/mongo_bootstrap.py REQUIRED_INDEXES).
const UNIQUE_INDEXES = [
  { collection: 'users', key: { username: 1 }, options: { name: 'username_unique', unique: true } },
  { collection: 'items', key: { cas: 1 }, options: { name: 'items_cas', unique: true, sparse: true } },
  { collection: 'jobs', key: { cas: 1 }, options: { name: 'jobs_cas', unique: true, sparse: true } },
];

const COMMAND_NOT_FOUND = 59;
const USER_ALREADY_EXISTS = 51003;

const existing = new Set(appDb.getCollectionNames());
for (const name of COLLECTIONS) {
  if (existing.has(name)) continue;
  appDb.createCollection(name);
  print(`init-mongo: created collection '${name}'`);
}

for (const { collection, key, options } of UNIQUE_INDEXES) {
  // Idempotent: the same index again is a no-op; another index under the same name fails, naming both.
  appDb.getCollection(collection).createIndex(key, options);
}
print(`init-mongo: indexes ${UNIQUE_INDEXES.map((i) => `${i.collection}.${i.options.name}`).join(', ')} in place`);

if (appUser && appPassword) {
  const roles = [{ role: 'readWrite', db: dbName }];
  try {
    appDb.createUser({ user: appUser, pwd: appPassword, roles });
    print(`init-mongo: created user '${appUser}' with readWrite on '${dbName}'`);
  } catch (error) {
    if (error.code === USER_ALREADY_EXISTS) {
      appDb.updateUser(appUser, { pwd: appPassword, roles });
      print(`init-mongo: user '${appUser}' exists; its password and roles are the configured ones`);
    } else if (error.code === COMMAND_NOT_FOUND) {
      print('init-mongo: this server has no createUser command (the native MongoDB-wire server); no application user');
    } else {
      throw error;
    }
  }
}
print(`init-mongo: database '${dbName}' ready`);
