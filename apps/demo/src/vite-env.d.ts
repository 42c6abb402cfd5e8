/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Set by server/start.ts to the backend's address. */
  readonly VITE_LIFELINE_API?: string;
}
