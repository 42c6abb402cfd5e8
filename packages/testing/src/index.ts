export { type FaultyServer, type FaultyServerOptions, startFaultyServer } from "./faultyServer.js";
