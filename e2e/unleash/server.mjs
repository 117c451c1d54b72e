// Starts the pinned Unleash server (see package.json) for Mosaic's end-to-end test.
//
// Listens on 127.0.0.1 only. Everything is configured through environment variables
// so that e2e/unleash-e2e.sh stays the single place that decides ports, tokens and
// the database:
//
//   UNLEASH_PORT             HTTP port (default 4242)
//   DATABASE_HOST            default 127.0.0.1
//   DATABASE_PORT            default 5432
//   DATABASE_NAME            default mosaic_e2e_unleash
//   DATABASE_USERNAME        default mosaic_e2e
//   DATABASE_PASSWORD        default mosaic_e2e
//   INIT_ADMIN_API_TOKENS    default *:*.mosaic-e2e-admin-token
//   INIT_BACKEND_API_TOKENS  default default:development.mosaic-e2e-backend-token
//   LOG_LEVEL                default info
//
// The seeded tokens only take effect on an empty database, which is why the script
// drops and recreates the database on every run.

const env = process.env;

function setDefault(name, value) {
  if (env[name] === undefined || env[name] === '') {
    env[name] = value;
  }
}

// unleash-server reads some of its defaults from the environment at import time,
// so everything is settled before the dynamic import below.
setDefault('DATABASE_HOST', '127.0.0.1');
setDefault('DATABASE_PORT', '5432');
setDefault('DATABASE_NAME', 'mosaic_e2e_unleash');
setDefault('DATABASE_USERNAME', 'mosaic_e2e');
setDefault('DATABASE_PASSWORD', 'mosaic_e2e');
setDefault('DATABASE_SSL', 'false');
setDefault('INIT_ADMIN_API_TOKENS', '*:*.mosaic-e2e-admin-token');
setDefault('INIT_BACKEND_API_TOKENS', 'default:development.mosaic-e2e-backend-token');
setDefault('LOG_LEVEL', 'info');
// The test machine has no internet access: no version check, no telemetry.
setDefault('CHECK_VERSION', 'false');
setDefault('SEND_TELEMETRY', 'false');
setDefault('UNLEASH_PORT', '4242');

const host = '127.0.0.1';
const port = Number.parseInt(env.UNLEASH_PORT, 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`Invalid UNLEASH_PORT: ${env.UNLEASH_PORT}`);
  process.exit(2);
}
env.UNLEASH_URL = `http://${host}:${port}`;

const { start } = await import('unleash-server');

try {
  const unleash = await start({
    db: {
      host: env.DATABASE_HOST,
      port: Number.parseInt(env.DATABASE_PORT, 10),
      database: env.DATABASE_NAME,
      user: env.DATABASE_USERNAME,
      password: env.DATABASE_PASSWORD,
      ssl: false,
    },
    server: {
      host,
      port,
      unleashUrl: env.UNLEASH_URL,
    },
    authentication: {
      type: 'open-source',
      enableApiToken: true,
    },
    versionCheck: { enable: false },
    logLevel: env.LOG_LEVEL,
  });
  const address = unleash.server?.address?.();
  console.log(`mosaic-e2e: unleash ${unleash.version ?? ''} listening on ${JSON.stringify(address)}`);
} catch (err) {
  console.error('mosaic-e2e: unleash failed to start', err);
  process.exit(1);
}
