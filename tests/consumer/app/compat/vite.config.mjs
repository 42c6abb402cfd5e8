import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The react-use-websocket app, built on its own: relative asset paths, so any static server can serve it.
export default defineConfig({ root: import.meta.dirname, base: "./", plugins: [react()], build: { outDir: "dist" } });
