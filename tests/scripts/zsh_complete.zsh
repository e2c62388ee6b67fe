#!/usr/bin/env zsh
# Prints, one per line, the matches that zsh's completion system offers for
# a command line, as if TAB were pressed at its end in an interactive shell:
#   zsh -f zsh_complete.zsh FUNCTION_DIR 'codeless generate --fo'
# FUNCTION_DIR holds the completion function (_codeless), put first in
# $fpath. It drives a real interactive zsh in a pseudo-terminal (zpty),
# runs compinit there and records each match the completion functions add:
# compadd is wrapped to print its matches (compadd -A computes which of
# the offered words fit the word being completed) and, after the
# completion, a completion post-function prints an end marker.
emulate -L zsh
setopt err_return
(( $# == 2 )) || { print -u2 "usage: $0 FUNCTION_DIR COMMAND_LINE"; exit 2 }
local dir=${1:A} command_line=$2
zmodload zsh/zpty

zpty capture zsh -f -i
zpty -w capture "PS1='' PS2='' RPS1=''; unsetopt zle_bracketed_paste 2>/dev/null"
zpty -w capture "fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w capture "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' select-prompt ''"
# The wrapper: compadd calls that only ask (-O, -A, -D: into an array, no
# match added) pass through; the others print their fitting matches first.
zpty -w capture 'compadd() {
  local -a __options=(${@[1,(i)(-|--)]})
  if [[ " ${__options[*]} " == *" -"[OAD]" "* ]]; then builtin compadd "$@"; return; fi
  local -a __hits; builtin compadd -A __hits "$@"
  local __hit; for __hit in $__hits; do print -r -- "<<match>>$__hit"; done
  builtin compadd "$@"
}'
zpty -w capture '_capture_done() { print -r -- "<<end>>" }'
zpty -w capture '_capture_complete() { comppostfuncs=(_capture_done); _main_complete }'
zpty -w capture 'zle -C capture-complete complete-word _capture_complete; bindkey "^I" capture-complete'
zpty -w capture 'print -r -- "<<""ready>>"'
local out line
zpty -r capture out '*<<ready>>*'
zpty -w -n capture "$command_line"$'\t'
zpty -r capture out '*<<end>>*'
for line in ${(f)out}; do
  line=${line%%$'\r'}
  [[ $line == *'<<match>>'* ]] && print -r -- ${line##*<<match>>}
done
zpty -d capture
