# bash completion for codeless(1).
# Installed as share/bash-completion/completions/codeless; works without the
# bash-completion package too (source it from ~/.bashrc).
#
# The rule IDs below are src/codeless/diag/rules.def's, in its order; the
# CTest test completions.rules fails when they differ and prints the list to
# paste here.

# rules: begin
_codeless_rule_ids=(
  io-read
  input-kind
  io-write
  io-symlink
  dump-format
  dump-syntax
  source-format
  usage
  too-many-errors
  internal
  output-stale
  output-record
  import-input
  import-lossy
  json-syntax
  json-depth
  json-duplicate-key
  desc-unknown-key
  desc-missing-key
  desc-type
  desc-value
  desc-range
  desc-variable
  desc-id-swapped
  desc-id-string
  desc-format-version
  desc-identifier
  desc-identifier-chars
  desc-name
  desc-version
  desc-cpp-name
  desc-duplicate-name
  desc-personality-name
  desc-reserved-key
  desc-unknown-driver
  desc-no-driver
  desc-shared-identifier
  desc-target
  desc-superclass
  desc-entitlement-conflict
  desc-match-family
  desc-match-all
  desc-provider-class
  desc-driver-provider
  desc-provider
  desc-driver-availability
  xml-syntax
  xml-bom
  xml-carriage-return
  xml-entity
  xml-element
  xml-empty-form
  xml-integer
  xml-data
  xml-duplicate-key
  xml-token-length
  xml-object-limit
  xml-structure
  xml-cdata
  xml-comment
  xml-leading-space
  xml-idref
  xml-nesting
  xml-string-length
  bundle-missing-key
  bundle-type
  bundle-package-type
  bundle-identifier
  bundle-version
  bundle-version-digits
  bundle-required
  bundle-not-info-plist
  bundle-identifier-chars
  bundle-compatible-version
  bundle-library-version
  kext-executable
  kext-libraries
  kext-personality-bundle
  kext-unknown-class
  kext-executable-missing
  kext-no-personalities
  kext-driver-provider
  kext-third-party-class
  dext-forbidden-key
  dext-bundle-required
  dext-usage-description
  dext-executable
  dext-personality-key
  dext-personality-bundle
  dext-ioclass
  dext-kernel-bundle
  dext-usage-description-empty
  dext-server-name
  dext-libraries
  dext-match-category
  dext-runtime-key
  dext-unknown-class
  personality-type
  personality-key
  personality-provider-class
  personality-no-bundle
  match-type
  match-range
  match-usb-combination
  match-pci-string
  match-defer
  match-resources
  match-probe-score
  match-kit-debug
  match-family
  match-all
  match-id-swapped
  match-pci-width
  match-pci-class
  ent-driverkit
  ent-transport
  ent-transport-bool
  ent-family
  ent-type
  ent-unknown
  ent-not-dext
  ent-transport-wildcard
  ent-service-dext-entitlements
  plist-schema
)
# rules: end

_codeless_commands="generate validate import match init schema catalog explain"

# The flags of each command (PRODUCT.md §1, §6, §7).
_codeless_flags() {
  case $1 in
    generate) echo "-o --output --target --format --werror --check --xcode --depfile --xcfilelist --disable --max-input-size -h --help" ;;
    validate) echo "--format --werror --disable --max-input-size -h --help" ;;
    import) echo "-o --output --max-input-size -h --help" ;;
    match) echo "--device --format --max-input-size -h --help" ;;
    init) echo "--kind --vendor --product --name --target -o --output -h --help" ;;
    schema) echo "-h --help" ;;
    catalog) echo "--format -h --help" ;;
    explain) echo "-h --help" ;;
  esac
}

# COMPREPLY from the words of $1 that start with $2.
_codeless_words() {
  # shellcheck disable=SC2207
  COMPREPLY=($(compgen -W "$1" -- "$2"))
}

# COMPREPLY from file names (or, with -d, directory names) starting with $2;
# with a third argument, files are limited to that glob (directories stay).
_codeless_paths() {
  local kind=$1 cur=$2 glob=${3:-}
  local IFS=$'\n'
  compopt -o filenames 2>/dev/null
  if [[ $kind == -d ]]; then
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -d -- "$cur"))
  elif [[ -n $glob ]]; then
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X "!$glob" -- "$cur"))
  else
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}

_codeless() {
  COMPREPLY=()
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=""
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  # "--format=js": bash splits the word at '=' (COMP_WORDBREAKS).
  if [[ $cur == "=" ]]; then
    cur=""
  elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi

  # The command: the first word after "codeless" that is not a flag.
  local command="" i positional=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    local word=${COMP_WORDS[i]}
    if [[ -z $command ]]; then
      [[ $word == -* ]] || command=$word
    elif [[ $word != -* && $word != "=" ]]; then
      # A word that is not an option's value is a positional argument.
      local before=${COMP_WORDS[i - 1]}
      [[ $before == "=" ]] && before=${COMP_WORDS[i - 2]}
      case $before in
        -o | --output | --target | --format | --depfile | --xcfilelist | \
          --disable | --device | --kind | --vendor | --product | --name | \
          --max-input-size) ;;
        *) ((positional++)) ;;
      esac
    fi
  done

  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      _codeless_words "--help --version" "$cur"
    else
      _codeless_words "$_codeless_commands" "$cur"
    fi
    return 0
  fi

  case $prev in
    --target)
      _codeless_words "kext dext all" "$cur"
      return 0
      ;;
    --format)
      case $command in
        generate | validate) _codeless_words "text json sarif" "$cur" ;;
        catalog | match) _codeless_words "text json" "$cur" ;;
      esac
      return 0
      ;;
    --kind)
      _codeless_words "usb pci hid port-map null" "$cur"
      return 0
      ;;
    --disable)
      _codeless_words "${_codeless_rule_ids[*]}" "$cur"
      return 0
      ;;
    --xcfilelist)
      _codeless_paths -d "$cur"
      return 0
      ;;
    -o | --output)
      if [[ $command == generate ]]; then
        _codeless_paths -d "$cur"
      else
        _codeless_paths -f "$cur"
      fi
      return 0
      ;;
    --depfile | --device)
      _codeless_paths -f "$cur"
      return 0
      ;;
    --vendor | --product | --name | --max-input-size)
      return 0
      ;;
  esac

  if [[ $cur == -* ]]; then
    _codeless_words "$(_codeless_flags "$command")" "$cur"
    return 0
  fi
  case $command in
    generate)
      ((positional == 0)) && _codeless_paths -f "$cur" "*.json"
      ;;
    validate | match)
      _codeless_paths -f "$cur"
      ;;
    import)
      ((positional == 0)) && _codeless_paths -f "$cur"
      ;;
    explain)
      ((positional == 0)) && _codeless_words "${_codeless_rule_ids[*]}" "$cur"
      ;;
  esac
  return 0
}

complete -F _codeless codeless
