// Initialises the Labelloop database: run once by the mongo container (docker-entrypoint-initdb.d)
// and at every `scripts/stack.sh up` by mongosh. Idempotent.
//
// It creates the application database and a least-privilege application user (readWrite on that
// database only). Collections, validators and indexes are created by the application at start
// (backend/storage/mongo.py), so there is one source of truth for them.
//
// Environment: LABELLOOP_MONGO_DB (default "labelloop"), LABELLOOP_MONGO_APP_USER and
// LABELLOOP_MONGO_APP_PASSWORD (the user is created only when both are set).

const dbName = process.env.LABELLOOP_MONGO_DB || 'labelloop';
const appUser = process.env.LABELLOOP_MONGO_APP_USER || '';
const appPassword = process.env.LABELLOOP_MONGO_APP_PASSWORD || '';
const appDb = db.getSiblingDB(dbName);

// A database exists once it holds a document: record when it was initialised.
appDb.getCollection('labelloop_meta').updateOne(
  { _id: 'init' },
  { $setOnInsert: { initialisedAt: new Date() } },
  { upsert: true },
);

const COMMAND_NOT_FOUND = 59;
const USER_ALREADY_EXISTS = 51003;

if (appUser && appPassword) {
  try {
    appDb.createUser({ user: appUser, pwd: appPassword, roles: [{ role: 'readWrite', db: dbName }] });
    print(`init-mongo: created user '${appUser}' with readWrite on '${dbName}'`);
  } catch (error) {
    if (error.code === USER_ALREADY_EXISTS) {
      print(`init-mongo: user '${appUser}' already exists`);
    } else if (error.code === COMMAND_NOT_FOUND) {
      // The native MongoDB-wire server has no user management; it listens on loopback only.
      print('init-mongo: this server has no createUser command; skipping the application user');
    } else {
      throw error;
    }
  }
}
print(`init-mongo: database '${dbName}' ready`);
