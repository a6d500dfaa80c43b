#!/usr/bin/env bash
# The Littlest JupyterHub (TLJH) for a class of this tutorial: one Ubuntu server (22.04 or 24.04)
# with root access, for up to about 100 learners (TLJH's own limit). Size the server with the
# table in the trainer notes. Point the domain's DNS at the server first, then run on it, as a
# user who can sudo:
#
#   bash install.sh --domain hub.example.org --email you@example.org
#   REPO=https://github.com/you/fork BRANCH=class-2027 bash install.sh --domain ... --email ...
#   bash install.sh --insecure-http          # a closed lab network only: no HTTPS
#
# It prints the trainer's password once, at the end (or uses TRAINER_PASSWORD if you set it).
# Then hand out the link from `python -m helpers.classroom link --hub https://DOMAIN --edition es`.
# Settings here match ../z2jh/values.yaml (tests/test_hub_deploy.py keeps them in step).
set -euo pipefail

REPO="${REPO:-https://github.com/keap-tutorial/clave-api-keap}"  # binder/repository.txt
BRANCH="${BRANCH:-main}"
RAW="${REPO/github.com/raw.githubusercontent.com}/${BRANCH}"
# TLJH itself, pinned: the release whose hub runs JupyterHub 5, like the learners' environment.
TLJH_VERSION="2.0.0"
DOMAIN="" EMAIL="" INSECURE_HTTP=no

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --domain) DOMAIN="${2:-}"; shift 2 ;;
    --email) EMAIL="${2:-}"; shift 2 ;;
    --insecure-http) INSECURE_HTTP=yes; shift ;;
    -h|--help) usage ;;
    *) echo "Unknown option: $1" >&2; usage ;;
  esac
done
if [ "$INSECURE_HTTP" = no ] && { [ -z "$DOMAIN" ] || [ -z "$EMAIL" ]; }; then
  echo "Learners type a password and paste keys on this hub: it needs HTTPS." >&2
  echo "Give --domain (a name whose DNS points at this server) and --email (for Let's Encrypt)," >&2
  echo "or --insecure-http for a closed lab network with demo keys only." >&2
  exit 2
fi

# 1. TLJH itself, at a pinned version. --user-requirements-txt-url installs the tutorial's exact
#    environment (the lock that Binder and the Kubernetes image use, hashes checked) into the
#    learners' Python, /opt/tljh/user. No admin option: the hub has no admin account to claim.
curl -fsSL "https://raw.githubusercontent.com/jupyterhub/the-littlest-jupyterhub/${TLJH_VERSION}/bootstrap/bootstrap.py" \
  | sudo -E python3 - --version "$TLJH_VERSION" --user-requirements-txt-url "$RAW/binder/requirements.txt"

# 2. The class settings shared with Kubernetes: the authenticator (learners sign up on first
#    login; the trainer's name is reserved), the trainer's role (no access to learners' servers),
#    lessons imported from each learner's own clone, start-up timeouts for a whole class at once.
sudo mkdir -p /opt/tljh/config/jupyterhub_config.d
curl -fsSL "$RAW/deploy/jupyterhub/jupyterhub_config.d/tutorial_class.py" \
  | sudo tee /opt/tljh/config/jupyterhub_config.d/tutorial_class.py > /dev/null

# 3. JupyterLab without news or update pop-ups over the lessons, as on Binder; and the server
#    settings as on Binder, installed into the learners' Python by the script Binder's postBuild
#    runs, from the repository at $BRANCH: the wizard page's Voila template and the extensions
#    it loads; kernels of lessons left unused for 15 minutes stop (memory per learner); a
#    lesson's fresh kernel says so when a cell needs an earlier one.
sudo mkdir -p /opt/tljh/user/share/jupyter/lab/settings
curl -fsSL "$RAW/binder/overrides.json" \
  | sudo tee /opt/tljh/user/share/jupyter/lab/settings/overrides.json > /dev/null
SOURCE="$(mktemp -d)"
git clone --quiet --depth 1 --branch "$BRANCH" -- "$REPO" "$SOURCE"
(cd "$SOURCE" && sudo /opt/tljh/user/bin/python binder/server_settings.py /opt/tljh/user)
rm -rf "$SOURCE"

# 4. Who may log in: each learner picks a name and a password the first time (passwords of
#    8 characters or more) and finds the same files after a break.
sudo tljh-config set auth.FirstUseAuthenticator.create_users true
sudo tljh-config set auth.FirstUseAuthenticator.min_password_length 8

# 5. The trainer's password: generated here (or TRAINER_PASSWORD), shown once; only its bcrypt
#    hash is kept, by the hub's own Python. Nobody can claim the name "trainer" by logging in first.
PASSWORD="${TRAINER_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(15))')}"
HASH="$(printf '%s' "$PASSWORD" | sudo /opt/tljh/hub/bin/python3 -c \
  'import sys, bcrypt; print(bcrypt.hashpw(sys.stdin.buffer.read(), bcrypt.gensalt()).decode())')"
sudo tljh-config set auth.ClassAuthenticator.trainer_password_hash "$HASH"

# 6. Open JupyterLab (the link then opens lesson 00 in it).
sudo tljh-config set user_environment.default_app jupyterlab

# 7. Per learner: at most 1 GB of memory (a learner with every lesson open measured ~760 MiB)
#    and one CPU core.
sudo tljh-config set limits.memory 1G
sudo tljh-config set limits.cpu 1

# 8. Idle servers stop after 90 minutes (longer than a lunch break), checked every 5 minutes.
#    Files and saved credentials stay; accounts stay; an active server is never stopped.
sudo tljh-config set services.cull.timeout 5400
sudo tljh-config set services.cull.every 300
sudo tljh-config set services.cull.users false
sudo tljh-config set services.cull.max_age 0

# 9. HTTPS with a Let's Encrypt certificate for the domain (renewed by TLJH's proxy).
if [ "$INSECURE_HTTP" = no ]; then
  sudo tljh-config set https.enabled true
  sudo tljh-config set https.letsencrypt.email "$EMAIL"
  sudo tljh-config add-item https.letsencrypt.domains "$DOMAIN"
  ADDRESS="https://$DOMAIN"
else
  echo "Warning: plain HTTP. Passwords and keys typed on this hub cross the network unencrypted." >&2
  ADDRESS="http://$(hostname -I | cut -d' ' -f1)"
fi

sudo tljh-config reload proxy
sudo tljh-config reload
echo
echo "Done: $ADDRESS"
echo "Trainer: log in as 'trainer' with this password (shown only now; keep it safe): $PASSWORD"
echo "The trainer sees the class and restarts servers from the Admin page, but cannot open a"
echo "learner's server or files. Hand out: python -m helpers.classroom link --hub $ADDRESS --edition es"
