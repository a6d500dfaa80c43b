#!/usr/bin/env bash
# The Littlest JupyterHub (TLJH) for a class of this tutorial: one Ubuntu server (22.04 or 24.04)
# with root access, for up to about 100 learners (TLJH's own limit). Size the server with the
# table in the trainer notes. Run on the server, as a user who can sudo:
#
#   bash install.sh                                    # the published tutorial, default branch
#   REPO=https://github.com/you/fork BRANCH=class-2027 ADMIN=ana bash install.sh
#
# Then hand out the link from `python -m helpers.classroom link --hub http://SERVER --edition es`.
# Settings here match ../z2jh/values.yaml (tests/test_hub_deploy.py keeps them in step).
set -euo pipefail

REPO="${REPO:-https://github.com/keap-tutorial/clave-api-keap}"  # binder/repository.txt
BRANCH="${BRANCH:-main}"
ADMIN="${ADMIN:-trainer}"  # the trainer's hub user: sees every learner from the Admin page
RAW="${REPO/github.com/raw.githubusercontent.com}/${BRANCH}"

# 1. TLJH itself. --user-requirements-txt-url installs the tutorial's exact environment (the lock
#    that Binder and the Kubernetes image use) into the learners' Python, /opt/tljh/user.
curl -fsSL https://tljh.jupyter.org/bootstrap.py \
  | sudo -E python3 - --admin "$ADMIN" --user-requirements-txt-url "$RAW/binder/requirements.txt"

# 2. The class settings shared with Kubernetes: lessons import the tutorial's code from each
#    learner's own clone, and the link starts the learner's server without a "Launch" button.
sudo mkdir -p /opt/tljh/config/jupyterhub_config.d
curl -fsSL "$RAW/deploy/jupyterhub/jupyterhub_config.d/tutorial_class.py" \
  | sudo tee /opt/tljh/config/jupyterhub_config.d/tutorial_class.py > /dev/null

# 3. JupyterLab without news or update pop-ups over the lessons, as on Binder.
sudo mkdir -p /opt/tljh/user/share/jupyter/lab/settings
curl -fsSL "$RAW/binder/overrides.json" \
  | sudo tee /opt/tljh/user/share/jupyter/lab/settings/overrides.json > /dev/null

# 4. Who may log in: each learner picks a name and a password the first time (passwords of
#    8 characters or more) and finds the same files after a break. For a throwaway class:
#    sudo tljh-config set auth.type tmpauthenticator.TmpAuthenticator
sudo tljh-config set auth.type firstuseauthenticator.FirstUseAuthenticator
sudo tljh-config set auth.FirstUseAuthenticator.create_users true
sudo tljh-config set auth.FirstUseAuthenticator.min_password_length 8

# 5. Open JupyterLab (the link then opens lesson 00 in it).
sudo tljh-config set user_environment.default_app jupyterlab

# 6. Per learner: at most 1 GB of memory (a learner with every lesson open measured ~760 MiB)
#    and one CPU core.
sudo tljh-config set limits.memory 1G
sudo tljh-config set limits.cpu 1

# 7. Idle servers stop after 90 minutes (longer than a lunch break), checked every 5 minutes.
#    Files and saved credentials stay; accounts stay; an active server is never stopped.
sudo tljh-config set services.cull.timeout 5400
sudo tljh-config set services.cull.every 300
sudo tljh-config set services.cull.users false
sudo tljh-config set services.cull.max_age 0

sudo tljh-config reload
echo "Done. Log in once as $ADMIN to set its password, then hand out the links."
