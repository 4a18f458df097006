"""Jupyter server configuration for ConvLab's galata UI tests (never for production).

One server serves both front ends the tests drive: JupyterLab (/lab) and, where the `notebook`
package is installed, Jupyter Notebook 7 (/tree, /notebooks/<path>).
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the traitlets config object)
c.ServerApp.allow_root = True  # noqa: F821 (CI and the dev machines run as root)
c.ServerApp.ip = "127.0.0.1"  # noqa: F821
# the port playwright.config.ts waits on (CONVLAB_UI_PORT, default 8888); never another one
c.ServerApp.port = int(os.environ.get("CONVLAB_UI_PORT", "8888"))  # noqa: F821
c.ServerApp.port_retries = 0  # noqa: F821
# Notebook 7 exposes window.jupyterapp (galata's page helpers need it) like JupyterLab does.
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821
