import { version } from "react";
import { createRoot } from "react-dom/client";
import { type RoomLog, RoomSwitcher } from "./RoomSwitcher.js";

declare global {
  interface Window {
    roomLog: RoomLog;
  }
}

window.roomLog = { sent: [], dropped: [] };
// Which React the bundle holds, for the test to check that the React 18 build is React 18.
document.documentElement.dataset.react = version;
createRoot(document.getElementById("root") as HTMLElement).render(<RoomSwitcher log={window.roomLog} />);
