/**
 * The course's Check button: grade the open notebook with the hidden tests, from JupyterLab.
 *
 * A button in the notebook toolbar and a command in the palette. Each saves the notebook,
 * asks the server extension (autograder/lab/check.py) to grade it as `make check` does, and
 * shows in a dialog each test with its points and, where it lost points, its message, the
 * total as <score>/<max>, and a link to the feedback page. Nothing else is written to the notebook.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  ToolbarButton,
  showDialog
} from '@jupyterlab/apputils';
import { URLExt } from '@jupyterlab/coreutils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  INotebookModel,
  INotebookTracker,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { Widget } from '@lumino/widgets';

const COMMAND = 'gancourse:check';
const LABEL = 'Check';

/** What the server answers for one checked notebook. */
interface ICheckResult {
  lesson: string;
  score: number;
  max_score: number;
  tests: { name: string; score: number; max_score: number; message: string }[];
  notes: string[];
  hidden_tests: boolean;
  sandbox: boolean;
  feedback: boolean;
  seconds: number;
}

/** POST the notebook's path to the server extension; its answer, or an Error with its reason. */
async function requestCheck(path: string): Promise<ICheckResult> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, 'gancourse', 'check');
  const response = await ServerConnection.makeRequest(
    url,
    { method: 'POST', body: JSON.stringify({ path }) },
    settings
  );
  if (!response.ok) {
    let reason = response.statusText;
    try {
      reason = (await response.json()).message || reason;
    } catch {
      // not JSON: keep the status text
    }
    throw new Error(`${response.status}: ${reason}`);
  }
  return (await response.json()) as ICheckResult;
}

function points(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The dialog's body: one row per test, the notes, the total and the feedback link. */
function resultWidget(result: ICheckResult): Widget {
  const node = document.createElement('div');
  node.className = 'gancourse-check-result';
  for (const note of result.notes) {
    const line = document.createElement('p');
    line.className = 'gancourse-check-note';
    line.textContent = note;
    node.appendChild(line);
  }
  const table = document.createElement('table');
  for (const test of result.tests) {
    const row = table.insertRow();
    row.dataset.test = test.name;
    row.className =
      test.score < test.max_score ? 'gancourse-check-lost' : 'gancourse-check-passed';
    row.insertCell().textContent = test.name;
    const cell = row.insertCell();
    cell.className = 'gancourse-check-points';
    cell.textContent = `${points(test.score)}/${points(test.max_score)}`;
    const message = row.insertCell();
    message.className = 'gancourse-check-message';
    message.textContent = test.message;
  }
  node.appendChild(table);
  const total = document.createElement('p');
  total.className = 'gancourse-check-total';
  total.textContent = `${result.lesson}: ${points(result.score)}/${points(result.max_score)}`;
  node.appendChild(total);
  if (result.feedback) {
    const link = document.createElement('a');
    const baseUrl = ServerConnection.makeSettings().baseUrl;
    link.href = URLExt.join(baseUrl, 'gancourse', 'feedback', result.lesson);
    link.target = '_blank';
    link.rel = 'noopener';
    link.className = 'gancourse-check-feedback';
    link.textContent = 'Open the feedback page';
    node.appendChild(link);
  }
  const took = document.createElement('p');
  took.textContent = `Checked in ${Math.round(result.seconds)} s.`;
  node.appendChild(took);
  return new Widget({ node });
}

/** Save PANEL's notebook, check it, show the result; BUTTON (when given) says it is busy meanwhile. */
async function checkNotebook(panel: NotebookPanel, button?: ToolbarButton): Promise<void> {
  const busy = (on: boolean) => {
    if (button) {
      button.enabled = !on;
      button.node.classList.toggle('gancourse-check-busy', on);
      button.node.dataset.checking = on ? 'true' : 'false';
    }
  };
  busy(true);
  try {
    await panel.context.ready;
    await panel.context.save();
    const result = await requestCheck(panel.context.path);
    await showDialog({
      title: `Check: ${points(result.score)}/${points(result.max_score)}`,
      body: resultWidget(result),
      buttons: [Dialog.okButton({ label: 'Close' })]
    });
  } catch (error) {
    await showDialog({
      title: 'Check failed',
      body: String(error instanceof Error ? error.message : error),
      buttons: [Dialog.okButton({ label: 'Close' })]
    });
  } finally {
    busy(false);
  }
}

/** Adds the Check button to each notebook's toolbar. */
class CheckButton
  implements DocumentRegistry.IWidgetExtension<NotebookPanel, INotebookModel>
{
  createNew(panel: NotebookPanel): IDisposable {
    const button: ToolbarButton = new ToolbarButton({
      className: 'gancourse-check-button',
      label: LABEL,
      tooltip: 'Save, then grade this notebook with the hidden tests',
      onClick: () => void checkNotebook(panel, button)
    });
    button.addClass('gancourse-check'); // the widget's node: data-checking says when it is busy
    panel.toolbar.insertItem(10, 'gancourse-check', button);
    return button;
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'gancourse-check:plugin',
  description: 'The Check button: grade the open notebook with the hidden tests.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null
  ) => {
    app.commands.addCommand(COMMAND, {
      label: 'Check my work (hidden tests)',
      isEnabled: () => tracker.currentWidget !== null,
      execute: () => {
        const panel = tracker.currentWidget;
        return panel ? checkNotebook(panel) : undefined;
      }
    });
    palette?.addItem({ command: COMMAND, category: 'Notebook Operations' });
    app.docRegistry.addWidgetExtension('Notebook', new CheckButton());
  }
};

export default plugin;
