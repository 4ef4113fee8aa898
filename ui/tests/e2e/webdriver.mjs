// A small W3C WebDriver client for tauri-driver (which drives WebKitWebDriver under the real
// WebKitGTK webview of the built app). Node's fetch only: no Selenium, no WebdriverIO.

import { spawn } from "node:child_process";
import net from "node:net";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });
}

async function waitPorts(ports, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const open = await Promise.all(ports.map(portOpen));
    if (open.every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver: ports ${ports.join(", ")} did not open in ${ms} ms`);
}

/** Start tauri-driver with the app's environment, and wait until BOTH of its ports accept. */
export async function startDriver({ env, port = 4444, nativePort = 4445 }) {
  const bin = process.env.TAURI_DRIVER ?? "tauri-driver";
  const child = spawn(bin, ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "pipe"],
    // Its own process group, so stop() can end the app it starts too.
    detached: true,
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d.toString();
    process.stderr.write(d);
  });
  await waitPorts([port, nativePort], 20000);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill();
      await exited;
    }
    // The app the driver started must not outlive it: on a loaded machine it sometimes did, and
    // held this stderr pipe (and so the test process) open for minutes. End the whole group.
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    child.stderr.destroy();
  };
  return { child, url: `http://127.0.0.1:${port}`, stderr: () => stderr, stop };
}

export class Session {
  constructor(url, id) {
    this.url = url;
    this.id = id;
  }

  static async create(url, application) {
    const res = await call(url, "POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application } } },
    });
    return new Session(url, res.sessionId);
  }

  cmd(method, path, body) {
    return call(this.url, method, `/session/${this.id}${path}`, body);
  }

  async find(css) {
    const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
    if (!v || !v[ELEMENT]) throw new Error(`no element for ${css}: ${JSON.stringify(v)}`);
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** Wait until `css` matches (and `until(text)` holds for its text, when given). */
  async waitFor(css, { timeout = 20000, until } = {}) {
    const end = Date.now() + timeout;
    let last = "";
    while (Date.now() < end) {
      try {
        const id = await this.find(css);
        if (!until) return id;
        last = await this.textOf(css);
        if (until(last)) return id;
      } catch {
        // not there yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const shown = await this.textOf("[role=alert]").catch(() => "");
    throw new Error(
      `timed out waiting for ${css}${until ? ` (last text: ${last.slice(0, 200)})` : ""}${shown ? `; the page says: ${shown}` : ""}`,
    );
  }

  /** Click `css` once it is there and has stopped moving (a click at a stale position misses). */
  async press(css, options) {
    await this.waitFor(css, options);
    const rect = () =>
      this.exec("const r = document.querySelector(arguments[0])?.getBoundingClientRect(); return r ? [r.x, r.y, r.width, r.height].join() : ''", css);
    let before = await rect();
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await rect();
      if (now === before && now !== "") break;
      before = now;
    }
    return this.click(await this.find(css));
  }

  click(id) {
    return this.cmd("POST", `/element/${id}/click`, {});
  }

  type(id, text) {
    return this.cmd("POST", `/element/${id}/value`, { text });
  }

  text(id) {
    return this.cmd("GET", `/element/${id}/text`);
  }

  /** The text content of the first element matching `css` ("" when there is none). */
  async textOf(css) {
    return (await this.exec("return document.querySelector(arguments[0])?.textContent ?? ''", css)) ?? "";
  }

  exec(script, ...args) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Choose an option of a <select> as a person would, firing its change event. */
  select(css, value) {
    return this.exec(
      `const el = document.querySelector(arguments[0]); el.value = arguments[1];
       el.dispatchEvent(new Event("change", { bubbles: true }));`,
      css,
      value,
    );
  }

  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }

  close() {
    return this.cmd("DELETE", "");
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok || (json.value && json.value.error)) {
    throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json).slice(0, 500)}`);
  }
  return json.value;
}
