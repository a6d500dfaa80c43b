# The JupyterLab terminal of `python3 tasks.py run`: the learner's usual bash start-up files,
# then the tutorial's .venv first on PATH (start-up files such as pyenv's or conda's put their
# own Python first), so that `python` is the tutorial's and imports `helpers`.
if [ -r /etc/profile ]; then . /etc/profile; fi
found=""
for rc in "$HOME/.bash_profile" "$HOME/.bash_login" "$HOME/.profile"; do
  if [ -r "$rc" ]; then . "$rc"; found="$rc"; break; fi
done
if [ -z "$found" ] && [ -r "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi
unset found rc
if [ -n "$VIRTUAL_ENV" ]; then export PATH="$VIRTUAL_ENV/bin:$PATH"; fi
