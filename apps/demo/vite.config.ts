import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  // Pre-bundled at start: a dependency found later makes Vite reload the page, which would open a second socket
  // in the middle of an end-to-end test.
  optimizeDeps: { include: ["react", "react/jsx-dev-runtime", "react-dom/client", "@tanstack/react-query"] },
});
