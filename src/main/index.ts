/**
 * Electron main entry. Thin on purpose: everything testable without Electron lives in ipc.ts,
 * security.ts, protocol.ts, jobs.ts and menu.ts; this file only wires them to the real objects.
 *
 * Built by electron-vite to out/main/index.js (ESM, as package.json says "type": "module"), next
 * to out/main/job.js (the job process), out/preload/index.cjs and out/renderer/.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, utilityProcess } from 'electron';
import { join } from 'node:path';
import type { JobSpawner } from '../node/jobs/channel';
import { createAppServices, type AppServices } from '../node/services/index';
import { eventChannel } from '../shared/methods';
import { createDispatcher } from '../shared/rpc';
import { registerServices, createSenderCheck } from './ipc';
import { utilityProcessChannel } from './jobs';
import { menuTemplate } from './menu';
import { parseOpenRequest } from './open-request';
import type { AppEvent } from '../shared/dto';
import { describeError, toErrorData } from '../shared/errors';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, createAppProtocolHandler } from './protocol';
import { createAppUrlCheck, hardenContents, hardenSession, secureWebPreferences } from './security';

const here = import.meta.dirname;
const preloadPath = join(here, '../preload/index.cjs');
const rendererRoot = join(here, '../renderer');
const jobPath = join(here, 'job.js');

/**
 * Renderer source. In development electron-vite serves it and sets ELECTRON_RENDERER_URL. A
 * built app loads it from `app://modelbench/` (see protocol.ts for why not `loadFile`/file://).
 * The env variable is ignored in a packaged app so it cannot point the window elsewhere.
 */
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isAppUrl = createAppUrlCheck(devUrl ? [APP_ORIGIN, devUrl] : [APP_ORIGIN]);

// Must run before `ready`: privileges cannot be granted later. `standard` gives the scheme a real
// origin (so relative URLs, 'self' in the CSP and the sender check work); `corsEnabled` lets the
// renderer's `<script type="module" crossorigin>` load. No `bypassCSP`.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);
// Every renderer sandboxed, whatever options a window is created with.
app.enableSandbox();
// Any web contents, including ones Electron creates for us, gets the navigation/window rules.
app.on('web-contents-created', (_event, contents) => hardenContents(contents, isAppUrl));

let services: AppServices | undefined;
let stopEvents: (() => void) | undefined;
let disposed = false;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Modelbench',
    webPreferences: secureWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devUrl ?? APP_ENTRY_URL);
  return win;
}

function focusWindow(): void {
  const [win] = BrowserWindow.getAllWindows();
  if (!win) return void createWindow();
  if (win.isMinimized()) win.restore();
  win.focus();
}

/** Sends an app event to every window (project changes, job progress, menu commands). */
function broadcast(event: AppEvent): void {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(eventChannel, event);
  }
}

/** Runs a project action from the menu or the OS; failures are shown in plain words. */
function runAction(action: () => Promise<unknown>): void {
  action().catch((e: unknown) => {
    const d = toErrorData(e);
    if (d.kind !== 'cancelled') dialog.showErrorBox('Modelbench', describeError(d));
  });
}

/** Projects the OS asked us to open before the services were ready. */
const pendingOpens: string[] = [];
function openProjectFile(path: string): void {
  if (!services) {
    pendingOpens.push(path);
    return;
  }
  const s = services;
  runAction(() => s.impl.projects.open({ path }));
  focusWindow();
}

async function openProjectDialog(): Promise<void> {
  const r = await dialog.showOpenDialog({ title: 'Open Project', properties: ['openFile'], filters: [{ name: 'Modelbench projects', extensions: ['mbproj'] }] });
  if (!r.canceled && r.filePaths[0]) openProjectFile(r.filePaths[0]);
}

async function saveProjectAsDialog(): Promise<void> {
  if (!services) return;
  const s = services;
  const current = await s.impl.projects.current({});
  if (!current) return;
  const r = await dialog.showSaveDialog({ title: 'Save Project As', defaultPath: `${current.name} copy.mbproj`, filters: [{ name: 'Modelbench projects', extensions: ['mbproj'] }] });
  if (!r.canceled && r.filePath) await s.impl.projects.saveAs({ path: r.filePath.toLowerCase().endsWith('.mbproj') ? r.filePath : `${r.filePath}.mbproj` });
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot, (url) => net.fetch(url)));
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, devUrl !== undefined, {
    newProject: () => broadcast({ type: 'command', command: 'new-project' }),
    openProject: () => runAction(openProjectDialog),
    saveProjectAs: () => runAction(saveProjectAsDialog),
    undo: () => broadcast({ type: 'command', command: 'undo' }),
    redo: () => broadcast({ type: 'command', command: 'redo' }),
  })));

  const spawnJob: JobSpawner = () => utilityProcessChannel(utilityProcess.fork(jobPath, [], { serviceName: 'Modelbench job' }));
  services = createAppServices({ dataDir: app.getPath('userData'), spawnJob, warmJobs: true });
  registerServices(ipcMain, createDispatcher(services.impl), createSenderCheck(isAppUrl));
  stopEvents = services.events.onEvent(broadcast);

  const win = createWindow();
  // Open what the OS asked for (double-click on a .mbproj) once the page can hear about it.
  win.webContents.once('did-finish-load', () => {
    for (const p of [...pendingOpens, ...parseOpenRequest(process.argv.slice(1))]) openProjectFile(p);
    pendingOpens.length = 0;
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

/** Closes the services (project file checkpoint, job processes) before the app exits. */
function disposeThenQuit(event: { preventDefault(): void }): void {
  if (disposed || !services) return;
  event.preventDefault();
  const s = services;
  services = undefined;
  stopEvents?.();
  // A stuck dispose must not keep the app alive forever.
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
  void Promise.race([s.dispose(), timeout])
    .catch((err: unknown) => console.error('Modelbench: closing the services failed:', err))
    .finally(() => {
      disposed = true;
      app.quit();
    });
}

if (!app.requestSingleInstanceLock()) {
  // Another Modelbench is running; it gets focused through its 'second-instance' handler.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    focusWindow();
    for (const p of parseOpenRequest(argv.slice(1))) openProjectFile(p);
  });
  // macOS delivers double-clicked files here, possibly before `ready`.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openProjectFile(path);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', disposeThenQuit);
  start().catch((err: unknown) => {
    console.error('Modelbench could not start:', err);
    app.exit(1);
  });
}
