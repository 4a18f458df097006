/**
 * The ConvLab JupyterFrontEnd plugin: registers the two safe mime renderers (reading the
 * settings live), a "ConvLab" launcher card and command-palette entries that open the course's
 * lecture and homework notebooks (paths from the settings).
 *
 * It runs in JupyterLab 4 and in Jupyter Notebook 7 (the same prebuilt extension system): only
 * the rendermime registry is required; the settings registry, the launcher (JupyterLab only) and
 * the command palette are optional, and the commands open notebooks the way each app does.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { ICommandPalette, showErrorMessage } from "@jupyterlab/apputils";
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import { ILauncher } from "@jupyterlab/launcher";
import { IRenderMimeRegistry } from "@jupyterlab/rendermime";
import { ISettingRegistry } from "@jupyterlab/settingregistry";
import { LabIcon } from "@jupyterlab/ui-components";
import type { IDisposable } from "@lumino/disposable";
import { rendererFactories } from "./renderers.js";
import { type ConvLabSettings, DEFAULT_SETTINGS, lectureCards, PLUGIN_ID, readSettings } from "./settings.js";

const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161">
<rect x="2" y="2" width="9" height="9" rx="1"/><rect x="13" y="2" width="9" height="9" rx="1" opacity=".6"/>
<rect x="2" y="13" width="9" height="9" rx="1" opacity=".6"/><rect x="13" y="13" width="9" height="9" rx="1" opacity=".3"/>
</g></svg>`;

export const convlabIcon = new LabIcon({ name: "convlab:icon", svgstr: ICON_SVG });

/** Command ids. */
export const CommandIds = {
  openNotebook: "convlab:open-notebook",
  openLecture: "convlab:open-lecture",
  openHomework: "convlab:open-homework",
} as const;

const PALETTE_CATEGORY = "ConvLab";

function fileName(path: string): string {
  return path.split("/").pop() ?? path;
}

/**
 * The Notebook 7 page this is (`"tree"`, `"notebooks"`, …), or `""` in JupyterLab: Notebook 7
 * sets the `notebookPage` page option, JupyterLab does not.
 */
function notebook7Page(): string {
  return PageConfig.getOption("notebookPage");
}

async function openNotebook(app: JupyterFrontEnd, path: string): Promise<void> {
  try {
    await app.serviceManager.contents.get(path, { content: false });
  } catch {
    await showErrorMessage(
      "ConvLab notebook not found",
      `There is no notebook at "${path}" (relative to the server root). Set the paths under Settings → Settings Editor → ConvLab, or start JupyterLab in the ConvLab project folder.`,
    );
    return;
  }
  if (notebook7Page() !== "") {
    // Notebook 7 shows one document per browser tab: open its notebook page, as its own file
    // browser does (docmanager:open would also build a hidden notebook widget in this page).
    window.open(URLExt.join(PageConfig.getBaseUrl(), "notebooks", URLExt.encodeParts(path)), "_blank");
    return;
  }
  await app.commands.execute("docmanager:open", { path, factory: "Notebook" });
}

function activate(
  app: JupyterFrontEnd,
  rendermime: IRenderMimeRegistry,
  settingRegistry: ISettingRegistry | null,
  launcher: ILauncher | null,
  palette: ICommandPalette | null,
): void {
  let settings: ConvLabSettings = DEFAULT_SETTINGS;
  for (const factory of rendererFactories(() => settings)) {
    rendermime.addFactory(factory, factory.defaultRank);
  }

  app.commands.addCommand(CommandIds.openNotebook, {
    label: (args) => `Open ${fileName(String(args.path ?? "notebook"))}`,
    caption: (args) => `Open the ConvLab notebook ${String(args.path ?? "")}`,
    icon: convlabIcon,
    execute: (args) => openNotebook(app, String(args.path ?? "")),
  });
  app.commands.addCommand(CommandIds.openLecture, {
    label: (args) =>
      args.isLauncher ? String(args.label ?? "ConvLab") : "Open the ConvLab lecture notebook",
    caption: (args) => `Open the lecture notebook on padding and stride ${String(args.path ?? "")}`.trim(),
    icon: convlabIcon,
    execute: (args) => openNotebook(app, String(args.path ?? settings.lectureNotebooks[0] ?? "")),
  });
  app.commands.addCommand(CommandIds.openHomework, {
    label: (args) => (args.isLauncher ? "ConvLab homework" : "Open the ConvLab homework notebook"),
    caption: "Open the homework notebook on padding and stride",
    icon: convlabIcon,
    execute: () => openNotebook(app, settings.homeworkNotebooks[0] ?? ""),
  });

  // One card per lecture notebook (English and Chinese edition by default), renewed when the settings change.
  let lectureLauncherItems: IDisposable[] = [];
  const updateLauncher = () => {
    if (!launcher) return;
    for (const item of lectureLauncherItems) item.dispose();
    lectureLauncherItems = lectureCards(settings.lectureNotebooks).map(({ path, label }, index) =>
      launcher.add({
        command: CommandIds.openLecture,
        category: "ConvLab",
        rank: index / 100,
        args: { isLauncher: true, path, label },
      }),
    );
  };
  updateLauncher();
  launcher?.add({
    command: CommandIds.openHomework,
    category: "ConvLab",
    rank: 1,
    args: { isLauncher: true },
  });

  let paletteItems: IDisposable[] = [];
  const updatePalette = () => {
    if (!palette) return;
    for (const item of paletteItems) item.dispose();
    paletteItems = [
      ...settings.lectureNotebooks.map((path) =>
        palette.addItem({
          command: CommandIds.openNotebook,
          category: `${PALETTE_CATEGORY} lecture`,
          args: { path },
        }),
      ),
      ...settings.homeworkNotebooks.map((path) =>
        palette.addItem({
          command: CommandIds.openNotebook,
          category: `${PALETTE_CATEGORY} homework`,
          args: { path },
        }),
      ),
    ];
  };
  updatePalette();

  if (settingRegistry) {
    settingRegistry
      .load(PLUGIN_ID)
      .then((loaded) => {
        const apply = () => {
          settings = readSettings((loaded.composite ?? {}) as Record<string, unknown>);
          updatePalette();
          updateLauncher();
        };
        apply();
        loaded.changed.connect(apply);
      })
      .catch((reason: unknown) => {
        console.error(`ConvLab: could not load settings for ${PLUGIN_ID}; using defaults.`, reason);
      });
  }
}

/** The ConvLab plugin. */
export const convlabPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: "ConvLab feature-map renderers, launcher card, course notebook commands and settings.",
  autoStart: true,
  requires: [IRenderMimeRegistry],
  optional: [ISettingRegistry, ILauncher, ICommandPalette],
  activate,
};
