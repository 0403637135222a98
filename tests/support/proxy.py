"""A throwaway nginx in front of the tests' server processes: Debian's `nginx`, run as the
current user (`daemon off`, `nginx -p folder -c conf`) with its pid, logs and temporary
files in a temporary folder, listening on a free port of 127.0.0.1.

Its site is systemd/nginx-sunbeon.conf, the example the documentation ships, with only
its `listen` port and the `server` lines of its upstreams replaced by the test's own.
If nginx cannot start, the tests that need it fail with the reason: nothing is skipped.
"""

from __future__ import annotations

import getpass
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.processes import end, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = Path(__file__).resolve().parents[2] / "systemd" / "nginx-sunbeon.conf"

# One upstream's run of `server` lines, all with the same options.
UPSTREAM_SERVERS = re.compile(
    r"^( +)server 127\.0\.0\.1:\d+( [^\n]*;)\n(?:\1server 127\.0\.0\.1:\d+\2\n)*", re.MULTILINE)
LISTEN = re.compile(r"^( +)listen 80;$", re.MULTILINE)
MIME_TYPES = Path("/etc/nginx/mime.types")


class ProxyUnavailable(RuntimeError):
    """nginx could not be started."""


def site_for(ports: list[int], listen: int) -> str:
    """The shipped site, sending to these server ports and listening on `listen`."""
    text = SITE.read_text()
    upstreams = len(re.findall(r"^upstream ", text, re.MULTILINE))
    if len(UPSTREAM_SERVERS.findall(text)) != upstreams or len(LISTEN.findall(text)) != 1:
        raise ProxyUnavailable(f"{SITE} no longer has the lines this helper replaces")
    text = UPSTREAM_SERVERS.sub(lambda run: "".join(
        f"{run.group(1)}server 127.0.0.1:{port}{run.group(2)}\n" for port in ports), text)
    return LISTEN.sub(rf"\g<1>listen 127.0.0.1:{listen};", text)


class ThrowawayProxy:
    def __init__(self, ports: list[int]):
        self.ports = ports
        self.folder = Path(tempfile.mkdtemp(prefix="sunbeon-nginx-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.folder / "temp" / temp).mkdir(parents=True, exist_ok=True)
        (self.folder / "site.conf").write_text(site_for(self.ports, self.port))
        # As root, nginx would hand its workers to `nobody`, who cannot write here.
        user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
        config = self.folder / "nginx.conf"
        config.write_text(f"""{user}daemon off;
worker_processes 1;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    {f"include {MIME_TYPES};" if MIME_TYPES.exists() else ""}
    access_log {self.folder}/access.log;
    client_body_temp_path {self.folder}/temp/client_body;
    proxy_temp_path {self.folder}/temp/proxy;
    fastcgi_temp_path {self.folder}/temp/fastcgi;
    uwsgi_temp_path {self.folder}/temp/uwsgi;
    scgi_temp_path {self.folder}/temp/scgi;
    include {self.folder}/site.conf;
}}
""")
        return config

    def start(self) -> "ThrowawayProxy":
        if not Path(NGINX).exists():
            raise ProxyUnavailable(f"no {NGINX}: install Debian's nginx (scripts/setup.sh --test)")
        config = self.write_config()
        log = open(self.folder / "stderr.log", "ab")
        # -e: nginx opens its error log before it reads the configuration.
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-c", str(config), "-e", str(self.folder / "error.log")],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ProxyUnavailable("nginx did not start: " + self.log_tail())
            time.sleep(0.05)
        return self

    def answers(self) -> bool:
        """Whether nginx answers at all (with whatever its servers say)."""
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def log_tail(self) -> str:
        return "".join((self.folder / name).read_text()[-1000:]
                       for name in ("stderr.log", "error.log") if (self.folder / name).exists())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            end(self.process)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
