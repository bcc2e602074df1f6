"""``python -m autograder hub``: the course on a JupyterHub on this machine, for a small class.

The steps follow nbgrader's own demos (jupyter/nbgrader, demos/), one function each:

1. ``make_user``: a Unix user per account (the instructor, each student), home folder 0700,
   a password for the hub's login page (PAM, JupyterHub's default authenticator);
2. ``make_course``: the course root, made by ``quickstart`` in the instructor's home, and its
   exchange in the hub's folder, mode 1777 (everyone writes, nobody deletes another's files);
3. ``write_configs``: the Jupyter config each user's server reads (``JUPYTER_CONFIG_PATH``,
   set per user by the hub): a student's has the exchange, the Assignments tab and no
   instructor tools; the instructor's has the course root and the Formgrader;
4. ``write_hub_config``: ``jupyterhub_config.py`` in the hub's folder, with everything the hub
   keeps (its database, cookie secret, the proxy's token) in that folder;
5. ``start``: JupyterHub, run as root, spawns each user's ``jupyterhub-singleuser`` as that
   Unix user (LocalProcessSpawner), from this repository's venv, with this repository's
   course package on PYTHONPATH; Fashion-MNIST comes from Debian's dataset-fashion-mnist.

Stopping the hub (Ctrl-C) stops every user's server and the proxy. ``--remove`` deletes the
accounts (``userdel -r``) and the hub's folder.
"""

import contextlib
import grp
import io
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from autograder.course import REPO
from autograder.quickstart import quickstart

HUB_DIR = REPO / "build" / "hub"
# configurable-http-proxy, from npm, in a folder of this repository: `make hub` installs it there
PROXY = REPO / "build" / "configurable-http-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
VENV_BIN = Path(sys.executable).parent
LAB_CONFIG = REPO / "autograder" / "lab"  # the student's and the instructor's JupyterLab (make lab, make formgrader)
COURSE_ID = "gan-course"
INSTRUCTOR = "gan-instructor"
STUDENTS = ("gan-student1", "gan-student2")
ACCOUNTS_FILE = "accounts.txt"  # in the hub's folder, root's only: name and password of each account

HUB_CONFIG = '''\
"""JupyterHub for the GAN course: made by ``python -m autograder hub``; run from this folder as root."""

c = get_config()  # noqa: F821 (JupyterHub provides it)

c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = {proxy_api_url!r}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
# what the hub keeps lives here, in its folder
c.JupyterHub.db_url = "sqlite:///{hub_dir}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{hub_dir}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{hub_dir}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user's server
c.JupyterHub.cleanup_proxy = True

# PAM: the Unix accounts and their passwords; only the class may log in
c.Authenticator.allowed_users = {users!r}

# each user's server: this repository's venv, run as that Unix user, in their home
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # JupyterLab starts in seconds, more on a busy machine
c.Spawner.http_timeout = 180
INSTRUCTORS = {instructors!r}
CONFIG_PATH = {{
    # the course root (its nbgrader_config.py: the course's grading protections), then where it is
    "instructor": {instructor_path!r},
    # the exchange and course id, the Assignments tab, no instructor tools
    "student": {student_path!r},
}}


def jupyter_config_path(spawner):
    return CONFIG_PATH["instructor" if spawner.user.name in INSTRUCTORS else "student"]


c.Spawner.environment = {{"JUPYTER_CONFIG_PATH": jupyter_config_path, "PYTHONPATH": {pythonpath!r}}}
'''

STUDENT_SERVER_CONFIG = '''\
{
  "ServerApp": {
    "jpserver_extensions": {
      "nbgrader.server_extensions.assignment_list": true,
      "nbgrader.server_extensions.validate_assignment": true
    }
  }
}
'''

INSTRUCTOR_NBGRADER_CONFIG = '''\
"""The instructor's server: where the course root is (the Formgrader works on it)."""

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.root = {root!r}
'''


def problem(parent=HUB_DIR.parent):
    """Why the hub cannot run here, with its folder in PARENT (None when it can)."""
    if os.geteuid() != 0:
        return "JupyterHub must run as root to start each user's server as that user (and to make the users)"
    for command in ("useradd", "userdel", "chpasswd"):
        if shutil.which(command) is None:
            return f"{command} is missing"
    if shutil.which("jupyterhub", path=str(VENV_BIN)) is None:
        return f"jupyterhub is not installed in {VENV_BIN.parent} (pip install -e '.[hub]'; make hub does)"
    if not PROXY.exists():
        return f"configurable-http-proxy is not installed at {PROXY} (make hub installs it with npm)"
    for path in (VENV_BIN / "python", REPO / "gancourse" / "__init__.py", parent):
        closed = closed_to_others(path)
        if closed:
            return f"other users cannot reach {path}: {closed} is not readable and searchable by all (chmod o+rx)"
    return None


def closed_to_others(path):
    """The first folder on PATH's way (PATH itself included) that other users cannot read and
    search, or None."""
    path = Path(path).absolute()
    for folder in [*reversed(path.parents), path]:
        if not folder.exists():  # made later, by root, with its umask (022 on Debian: open to all)
            return None
        mode = folder.stat().st_mode
        wanted = stat.S_IROTH | (stat.S_IXOTH if folder.is_dir() else 0)
        if mode & wanted != wanted:
            return folder
    return None


def home(user):
    return Path(pwd.getpwnam(user).pw_dir)


def make_user(user, password):
    """A Unix user with a private home, and PASSWORD to log in to the hub."""
    try:
        pwd.getpwnam(user)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", user], check=True)
    subprocess.run(["chpasswd"], input=f"{user}:{password}\n", text=True, check=True)
    home(user).chmod(0o700)  # Debian's useradd makes homes 0755: students would read each other's work


def remove_user(user):
    """Delete USER and their home, once their processes have exited (userdel refuses a user who runs any;
    those left after 10 s are killed)."""
    try:
        pwd.getpwnam(user)
    except KeyError:
        return
    for attempt in range(60):  # a stopped server's processes take a moment to exit
        running = subprocess.run(["pgrep", "-u", user], capture_output=True, text=True).stdout.split()
        if not running:
            break
        if attempt == 50:
            for pid in running:
                os.kill(int(pid), signal.SIGKILL)
        time.sleep(0.2)
    subprocess.run(["userdel", "--remove", user], check=True, capture_output=True)


def chown_tree(path, user):
    uid, gid = pwd.getpwnam(user).pw_uid, grp.getgrnam(user).gr_gid
    for folder, folders, files in os.walk(path):
        for name in [folder, *(Path(folder) / name for name in folders + files)]:
            os.chown(name, uid, gid)


def make_course(hub_dir, instructor, lessons=None):
    """The course root in the instructor's home (theirs), its exchange in the hub's folder;
    the course root's path."""
    root = home(instructor) / COURSE_ID
    exchange = Path(hub_dir) / "exchange"
    if not (root / "nbgrader_config.py").exists():
        options = {"lessons": lessons} if lessons else {}
        with contextlib.redirect_stdout(io.StringIO()):  # its advice is for a hub set up by hand
            quickstart(root, course_id=COURSE_ID, exchange=exchange, **options)
        chown_tree(root, instructor)
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o777 | stat.S_ISVTX)
    return root


def write_configs(hub_dir, root):
    """Each kind of user's Jupyter config folders, in order (JUPYTER_CONFIG_PATH)."""
    student, instructor = Path(hub_dir) / "jupyter" / "student", Path(hub_dir) / "jupyter" / "instructor"
    for folder in (student, instructor):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / "student_nbgrader_config.py", student / "nbgrader_config.py")
    (student / "jupyter_server_config.json").write_text(STUDENT_SERVER_CONFIG)
    (instructor / "nbgrader_config.py").write_text(INSTRUCTOR_NBGRADER_CONFIG.format(root=str(root)))
    return {"student": os.pathsep.join(map(str, [student, LAB_CONFIG / "student"])),
            "instructor": os.pathsep.join(map(str, [root, instructor, LAB_CONFIG / "instructor"]))}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_hub_config(hub_dir, users, instructors, config_path, ip="127.0.0.1", port=8000):
    """jupyterhub_config.py in HUB_DIR; the hub's address."""
    hub_dir = Path(hub_dir)
    bind_url = f"http://{ip}:{port}"
    (hub_dir / "jupyterhub_config.py").write_text(HUB_CONFIG.format(
        bind_url=bind_url, hub_port=free_port(), proxy_api_url=f"http://127.0.0.1:{free_port()}", proxy=str(PROXY),
        hub_dir=hub_dir, users=set(users), instructors=set(instructors), singleuser=str(VENV_BIN / "jupyterhub-singleuser"),
        instructor_path=config_path["instructor"], student_path=config_path["student"], pythonpath=str(REPO)))
    return bind_url


def start(hub_dir, url, log):
    """JupyterHub in HUB_DIR, its output to LOG (a file); the process, once the hub answers."""
    env = {**os.environ, "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "/usr/bin:/bin")]),
           "PYTHONPATH": str(REPO)}
    hub = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", "jupyterhub_config.py"], cwd=hub_dir, env=env,
                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(240):
        if hub.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with code {hub.returncode}: see {log.name}")
        try:
            urllib.request.urlopen(f"{url}/hub/api", timeout=2)
            return hub
        except OSError:
            time.sleep(0.5)
    stop(hub)
    raise RuntimeError(f"JupyterHub did not answer at {url} within 2 minutes: see {log.name}")


def stop(hub):
    """Stop the hub as Ctrl-C does: it stops every user's server and the proxy first."""
    if hub.poll() is None:
        hub.send_signal(signal.SIGINT)
        try:
            hub.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)
            hub.wait()


def accounts(hub_dir, instructor=INSTRUCTOR, students=STUDENTS):
    """{user: password}: read from HUB_DIR's accounts file, or made and written there."""
    path = Path(hub_dir) / ACCOUNTS_FILE
    if path.exists():
        return dict(line.split(" ", 1) for line in path.read_text().splitlines() if line)
    made = {user: secrets.token_hex(6) for user in (instructor, *students)}
    path.touch(mode=0o600)
    path.write_text("".join(f"{user} {password}\n" for user, password in made.items()))
    return made


def set_up(hub_dir, instructor, passwords, lessons=None, ip="127.0.0.1", port=8000):
    """Steps 1 to 4 (the module's docstring); the hub's address."""
    hub_dir = Path(hub_dir)
    hub_dir.mkdir(parents=True, exist_ok=True)
    hub_dir.chmod(0o755)  # users' servers read their config here and reach the exchange
    for user, password in passwords.items():
        make_user(user, password)
    root = make_course(hub_dir, instructor, lessons)
    config_path = write_configs(hub_dir, root)
    return write_hub_config(hub_dir, passwords, [instructor], config_path, ip=ip, port=port)


def serve(hub_dir=HUB_DIR, ip="127.0.0.1", port=8000):
    """`make hub`: set up, start, print the address and the accounts, run until Ctrl-C."""
    hub_dir = Path(hub_dir)
    reason = problem(hub_dir.parent)
    if reason:
        raise SystemExit(f"cannot start the course's JupyterHub: {reason}")
    hub_dir.mkdir(parents=True, exist_ok=True)
    passwords = accounts(hub_dir)
    url = set_up(hub_dir, INSTRUCTOR, passwords, ip=ip, port=port)
    with open(hub_dir / "jupyterhub.log", "a") as log:
        hub = start(hub_dir, url, log)
        print(f"JupyterHub for the GAN course at {url}/ (log: {log.name})")
        for user, password in passwords.items():
            role = f"instructor: the Formgrader at {url}/user/{user}/formgrader" if user == INSTRUCTOR else \
                "student: Nbgrader > Assignment List in JupyterLab"
            print(f"  {user:16} password {password:14} {role}")
        print(f"  course root: {home(INSTRUCTOR) / COURSE_ID}; exchange: {hub_dir / 'exchange'}")
        print("Ctrl-C stops the hub and every user's server; python -m autograder hub --remove deletes the accounts")
        try:
            hub.wait()
        except KeyboardInterrupt:
            print("stopping JupyterHub and the users' servers ...")
        finally:
            stop(hub)


def remove(hub_dir=HUB_DIR):
    """Delete the accounts `make hub` made (their homes, the course root with them) and its folder
    (but the proxy's install, which is elsewhere)."""
    hub_dir = Path(hub_dir)
    pid_file = hub_dir / "jupyterhub.pid"
    if pid_file.exists() and Path(f"/proc/{pid_file.read_text().strip()}").exists():
        raise SystemExit(f"the hub is running (pid {pid_file.read_text().strip()}): stop it first (Ctrl-C)")
    for user in accounts(hub_dir) if (hub_dir / ACCOUNTS_FILE).exists() else ():
        remove_user(user)
        print(f"removed the user {user} and their home")
    shutil.rmtree(hub_dir, ignore_errors=True)
    print(f"removed {hub_dir}")
