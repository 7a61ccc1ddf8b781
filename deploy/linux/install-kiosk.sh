#!/usr/bin/env bash
# Set up this Linux device as a sensory_games kiosk (docs/deploy.md, "Linux").
#
#   sudo deploy/linux/install-kiosk.sh sensory_games-X.Y.Z-py3-none-any.whl
#
# What it does, each step safe to run again (an update runs the same command with the
# new wheel):
#   1. the kiosk account (no password, not in sudo; in the video, render, input and audio
#      groups so cage and the app can use the screen, the touch screen and the sound);
#   2. a Python virtual environment in /opt/sensory-games/venv and the wheel in it
#      (pip fetches pygame-ce, numpy and PyYAML unless they are in the wheel's folder),
#      with the dependency versions of the constraints.txt beside the wheel (a release's
#      dist/ folder has one); the wheel is always reinstalled, so a rebuilt wheel of the
#      same version replaces the old files;
#   3. the data folder /var/lib/sensory-games, owned by the kiosk account, mode 0700
#      (left as it is if it exists: the log migrates itself at the next start);
#   4. the systemd unit and its PAM login, enabled for the next boot;
#   5. `sensory-games doctor` as the kiosk account, so you see what is still to do.
# It does not: install cage (the distribution's package, `apt install cage`), turn off a
# desktop login screen, set the PIN, or reboot. The last lines it prints say how.
#
# Options (environment): KIOSK_USER (default kiosk), PREFIX (default /opt/sensory-games),
# DATA_DIR (default /var/lib/sensory-games), PYTHON (default python3, 3.10 or newer),
# ENABLE=0 to install the unit without enabling it.
set -euo pipefail

KIOSK_USER="${KIOSK_USER:-kiosk}"
PREFIX="${PREFIX:-/opt/sensory-games}"
DATA_DIR="${DATA_DIR:-/var/lib/sensory-games}"
PYTHON="${PYTHON:-python3}"
ENABLE="${ENABLE:-1}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
UNIT_NAME="sensory-games-kiosk.service"
UNIT="/etc/systemd/system/${UNIT_NAME}"
PAM_FILE="/etc/pam.d/sensory-games-kiosk"

say() { printf 'install-kiosk: %s\n' "$*"; }
fail() { printf 'install-kiosk: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 1 ]] || fail "usage: sudo $0 PATH/TO/sensory_games-VERSION-py3-none-any.whl"
WHEEL="$(realpath -- "$1")"
[[ -f "$WHEEL" && "$WHEEL" == *.whl ]] || fail "$1: not a wheel file (*.whl)"
[[ $EUID -eq 0 ]] || fail "run it as root (sudo): it creates an account and a system service"
"$PYTHON" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
    || fail "$PYTHON is not Python 3.10 or newer with its venv module (apt install python3-venv)"
[[ "$KIOSK_USER" =~ ^[a-z_][a-z0-9_-]*$ ]] || fail "KIOSK_USER=$KIOSK_USER: not a user name"
umask 022   # the app readable by every account, the kiosk's included

# 1. The kiosk account: locked password (nobody signs in with it by hand), no sudo.
if ! id -u "$KIOSK_USER" >/dev/null 2>&1; then
    useradd --create-home --shell /usr/sbin/nologin "$KIOSK_USER"
    say "made the account $KIOSK_USER"
fi
passwd --lock "$KIOSK_USER" >/dev/null
for group in video render input audio; do
    if getent group "$group" >/dev/null; then
        usermod --append --groups "$group" "$KIOSK_USER"
    fi
done
if id -nG "$KIOSK_USER" | tr ' ' '\n' | grep -qx sudo; then
    say "WARNING: $KIOSK_USER is in the sudo group; take it out: gpasswd -d $KIOSK_USER sudo"
fi

# 2. The app in its own virtual environment, readable by all, writable by root only. The
# venv's python links to $PYTHON, so the kiosk account must be able to run that one (a
# Python built under /root, such as pyenv's, is not).
runuser -u "$KIOSK_USER" -- "$(command -v "$PYTHON")" -c '' 2>/dev/null \
    || fail "$PYTHON cannot be run by $KIOSK_USER (is it under /root?): use the system's, PYTHON=/usr/bin/python3"
mkdir -p "$PREFIX"
if [[ ! -x "$PREFIX/venv/bin/python" ]]; then
    "$PYTHON" -m venv "$PREFIX/venv"
    say "made the virtual environment $PREFIX/venv"
fi
# --find-links: dependencies saved beside the wheel (an offline install) are used first;
# --constraint: the release's exact dependency versions, so kiosks set up months apart
# run the same code.
WHEEL_DIR="$(dirname -- "$WHEEL")"
pip_install=("$PREFIX/venv/bin/python" -m pip install --quiet --find-links "$WHEEL_DIR")
if [[ -f "$WHEEL_DIR/constraints.txt" ]]; then
    pip_install+=(--constraint "$WHEEL_DIR/constraints.txt")
else
    say "no constraints.txt beside the wheel: pip chooses the dependencies' versions"
fi
# First the app and what it needs; then the app's own files again, whatever version is
# installed: pip skips a wheel whose version is already there (a rebuilt X.Y.Z).
"${pip_install[@]}" "$WHEEL"
"${pip_install[@]}" --force-reinstall --no-deps "$WHEEL"
INSTALLED="$(runuser -u "$KIOSK_USER" -- "$PREFIX/venv/bin/sensory-games" --version)" \
    || fail "the installed app does not start for $KIOSK_USER: $PREFIX/venv/bin/sensory-games --version failed"
say "installed $INSTALLED (from $(basename -- "$WHEEL"))"
# What the launcher works out at its first start and keeps beside its bytecode for the next
# (the dataclass code, the shipped YAML files parsed: a fifth and a tenth of a start) can
# be written only by root here: one headless start now, with a throw-away data folder, in
# an environment that lets Python keep it where the kiosk's starts look.
FIRST_START="$(mktemp -d)"
if ! env -u PYTHONDONTWRITEBYTECODE -u PYTHONPYCACHEPREFIX -u SENSORY_GAMES_CONFIG \
    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy timeout 120 "$PREFIX/venv/bin/sensory-games" \
    --exit-after-first-frame --data-dir "$FIRST_START/data" >"$FIRST_START/start.log" 2>&1; then
    say "note: the first start to keep its work failed (the kiosk starts a little slower):"
    tail -n 5 "$FIRST_START/start.log" >&2
fi
rm -rf -- "$FIRST_START"

# 3. The data folder: the kiosk account's alone. An existing one is kept as it is.
install -d -m 0700 -o "$KIOSK_USER" -g "$(id -gn "$KIOSK_USER")" "$DATA_DIR"

# 4. The service and the login session it opens on tty1.
if [[ ! -e "$PAM_FILE" ]]; then
    cat >"$PAM_FILE" <<'PAM'
# The login session sensory-games-kiosk.service opens on tty1 (no password: the
# account is locked and only this service signs it in).
auth     required pam_unix.so nullok
account  required pam_unix.so
session  required pam_unix.so
session  required pam_systemd.so
PAM
    say "wrote $PAM_FILE"
fi
sed -e "s|^User=.*|User=${KIOSK_USER}|" \
    -e "s|^Environment=SENSORY_GAMES_DATA=.*|Environment=SENSORY_GAMES_DATA=${DATA_DIR}|" \
    -e "s|/opt/sensory-games/venv|${PREFIX}/venv|" \
    "$HERE/sensory-games-kiosk.service" >"$UNIT"
if [[ "$DATA_DIR" != /var/lib/sensory-games ]]; then
    # StateDirectory= only makes folders under /var/lib/sensory-games's parent
    sed -i -e '/^StateDirectory/d' "$UNIT"
fi
chmod 0644 "$UNIT"
say "wrote $UNIT"

if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
    if [[ "$ENABLE" == 1 ]]; then
        systemctl enable "$UNIT_NAME" >/dev/null
        systemctl set-default graphical.target >/dev/null
        say "enabled $UNIT_NAME for the next boot"
    fi
else
    say "systemd is not running here: the unit is written but not enabled"
fi
command -v cage >/dev/null || say "cage is not installed yet: apt install cage"

# 5. What is still to do, as the kiosk account sees it (the screen is checked only in
# the kiosk's own session: after the reboot, run doctor again over SSH with sudo -u).
say "sensory-games doctor, as $KIOSK_USER:"
runuser -u "$KIOSK_USER" -- env SENSORY_GAMES_DATA="$DATA_DIR" \
    "$PREFIX/venv/bin/sensory-games" doctor || true

cat <<NEXT
install-kiosk: still to do by hand:
  - set the adults' PIN: sudo -u $KIOSK_USER SENSORY_GAMES_DATA=$DATA_DIR $PREFIX/venv/bin/sensory-games pin set
  - turn off a desktop login screen if there is one: sudo systemctl disable gdm3 lightdm sddm
  - the power button and Alt+SysRq (docs/kiosk.md, "The rest of the device"), then reboot
NEXT
