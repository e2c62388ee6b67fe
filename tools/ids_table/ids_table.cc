// ids_table: writes the C++ source of codeless's embedded USB and PCI name
// tables (the layout is src/codeless/ids/device_ids_data.h) from a usb.ids
// and a pci.ids file. A build-time tool: cmake/DeviceIds.cmake runs it.
//
//   ids_table USB_IDS PCI_IDS OUTPUT
//
// What it reads of each file, the format both databases share:
//   * lines starting with '#' (after any tabs) are comments; the first
//     "# Version: ..." and "# Date: ..." comments give the database's version;
//   * the vendor list comes first: a vendor line is four hex digits at column
//     0, white space and the name; a product (PCI: device) line is one tab,
//     four hex digits, white space and the name; lines with two or more tabs
//     (USB interfaces, PCI subsystems) are skipped;
//   * the list ends at the first line that starts a later section, a keyword
//     of capital letters and a space ("C 00  Unclassified device", "AT",
//     "HID", "HUT", "L", "VT", ...): nothing after it is read, so the classes
//     and other tables can never pass for vendors.
// Names are trimmed of surrounding white space; bytes that are not UTF-8
// become U+FFFD and control characters a space, so that every name is
// printable UTF-8. Lines that fit none of these shapes are skipped with a
// warning, as are duplicate IDs (the first one wins); vendors and products
// are sorted by ID, whatever the order of the file.
//
// The output depends only on the bytes of the two inputs (no paths, times or
// locale), so the same databases give the same file on every machine.
// Exit status: 0 written (warnings on stderr), 1 an input cannot be read or
// holds no vendor, or the output cannot be written, 2 usage error.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

struct Vendor {
  uint16_t id = 0;
  std::string name;
  size_t line = 0;  // where the file names it, for warnings
};

struct Product {
  uint16_t vendor = 0;
  uint16_t id = 0;
  std::string name;
  size_t line = 0;
};

struct Database {
  std::string path;       // as given, for messages
  std::string file_name;  // "usb.ids": the role, not the path
  std::string version;    // after "# Version:", may be empty
  std::string date;       // after "# Date:", may be empty
  std::vector<Vendor> vendors;
  std::vector<Product> products;
};

// Collects one file's warnings; Print writes them in line order as
// "PATH:LINE: warning: TEXT".
class Warnings {
 public:
  explicit Warnings(std::string path) : path_(std::move(path)) {}

  void Add(size_t line, std::string text) {
    warnings_.emplace_back(line, std::move(text));
  }

  void Print() const {
    std::vector<std::pair<size_t, std::string>> sorted = warnings_;
    std::stable_sort(
        sorted.begin(), sorted.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [line, text] : sorted) {
      std::cerr << path_ << ':' << line << ": warning: " << text << '\n';
    }
  }

 private:
  std::string path_;
  std::vector<std::pair<size_t, std::string>> warnings_;
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<uint16_t> HexDigit(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint16_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint16_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<uint16_t>(c - 'A' + 10);
  return std::nullopt;
}

// "hhhh  name": four hex digits, then white space or the end of the line.
// Returns nullopt when `text` is not of that shape; the name may be empty.
struct IdLine {
  uint16_t id;
  std::string_view name;
};
std::optional<IdLine> ParseIdLine(std::string_view text) {
  if (text.size() < 4) return std::nullopt;
  uint16_t id = 0;
  for (size_t i = 0; i < 4; ++i) {
    std::optional<uint16_t> digit = HexDigit(text[i]);
    if (!digit) return std::nullopt;
    id = static_cast<uint16_t>(id << 4 | *digit);
  }
  if (text.size() > 4 && !IsBlank(text[4])) return std::nullopt;
  return IdLine{id, Trim(text.substr(4))};
}

// "C 00  ...", "HUT 01  ...": a section after the vendor list.
bool IsSectionHeader(std::string_view text) {
  size_t letters = 0;
  while (letters < text.size() && text[letters] >= 'A' && text[letters] <= 'Z')
    ++letters;
  return letters > 0 && letters < text.size() && IsBlank(text[letters]);
}

// Valid UTF-8 with every invalid byte replaced by U+FFFD and every control
// character (C0 and DEL) by a space. Sets *changed when it replaced anything.
std::string Sanitize(std::string_view text, bool* changed) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      bool control = byte < 0x20 || byte == 0x7F;
      out += control ? ' ' : static_cast<char>(byte);
      *changed |= control;
      ++i;
      continue;
    }
    // The length of the sequence and the range of its second byte (which
    // excludes overlong forms, surrogates and code points above U+10FFFF).
    size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      if (byte == 0xE0) low = 0xA0;
      if (byte == 0xED) high = 0x9F;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      if (byte == 0xF0) low = 0x90;
      if (byte == 0xF4) high = 0x8F;
    }
    bool valid = length > 0 && i + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      valid =
          k == 1 ? next >= low && next <= high : next >= 0x80 && next <= 0xBF;
    }
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out.append(kReplacement);
      *changed = true;
      ++i;
    }
  }
  return out;
}

// The value of a "# Key: value" comment, or nullopt.
std::optional<std::string_view> CommentValue(std::string_view comment,
                                             std::string_view key) {
  comment = Trim(comment.substr(1));  // after '#'
  if (comment.substr(0, key.size()) != key) return std::nullopt;
  return Trim(comment.substr(key.size()));
}

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  *contents = std::move(buffer).str();
  return true;
}

// Reads the vendor list of `text` (see the top of the file).
Database Parse(std::string_view text, std::string file_name,
               Warnings& warnings) {
  Database database;
  database.file_name = std::move(file_name);
  // The vendor the product lines belong to, when has_vendor: there is none
  // before the first vendor line nor after one that was skipped (its
  // products go with it). (Not a std::optional: GCC 12 sees it as maybe
  // uninitialized.)
  bool has_vendor = false;
  uint16_t vendor = 0;
  bool skipped_vendor = false;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    size_t tabs = 0;
    while (tabs < line.size() && line[tabs] == '\t') ++tabs;
    std::string_view rest = line.substr(tabs);
    if (Trim(rest).empty()) continue;
    if (rest.front() == '#') {
      if (auto value = CommentValue(rest, "Version:");
          value && database.version.empty()) {
        bool ignored = false;
        database.version = Sanitize(*value, &ignored);
      } else if (auto date = CommentValue(rest, "Date:");
                 date && database.date.empty()) {
        bool ignored = false;
        database.date = Sanitize(*date, &ignored);
      }
      continue;
    }
    if (tabs >= 2) continue;  // interfaces, subsystems

    std::optional<IdLine> entry = ParseIdLine(rest);
    if (tabs == 0 && !entry && IsSectionHeader(rest)) break;
    const char* what = tabs == 0 ? "vendor" : "product";
    if (!entry) {
      warnings.Add(line_number, std::string("skipped: not a ") + what +
                                    " line (\"hhhh  name\" after " +
                                    (tabs == 0 ? "no tab" : "one tab") + ")");
      if (tabs == 0) {
        has_vendor = false;
        skipped_vendor = true;
      }
      continue;
    }
    if (entry->name.empty()) {
      warnings.Add(line_number,
                   std::string("skipped: a ") + what + " line without a name");
      if (tabs == 0) {
        has_vendor = false;
        skipped_vendor = true;
      }
      continue;
    }
    bool changed = false;
    std::string name = Sanitize(entry->name, &changed);
    if (changed) {
      warnings.Add(line_number,
                   "bytes that are not UTF-8 became U+FFFD, control "
                   "characters a space");
    }
    if (tabs == 0) {
      has_vendor = true;
      vendor = entry->id;
      database.vendors.push_back({entry->id, std::move(name), line_number});
    } else if (has_vendor) {
      database.products.push_back(
          {vendor, entry->id, std::move(name), line_number});
    } else if (!skipped_vendor) {
      warnings.Add(line_number, "skipped: a product line before any vendor");
    }
  }
  return database;
}

std::string Hex4(uint16_t id) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04x", id);
  return buffer;
}

// Sorts by ID and drops repeated IDs, keeping the first in file order.
void SortAndDeduplicate(Database& database, Warnings& warnings) {
  std::stable_sort(
      database.vendors.begin(), database.vendors.end(),
      [](const Vendor& a, const Vendor& b) { return a.id < b.id; });
  std::vector<Vendor> vendors;
  for (Vendor& vendor : database.vendors) {
    if (!vendors.empty() && vendors.back().id == vendor.id) {
      warnings.Add(vendor.line, "vendor " + Hex4(vendor.id) +
                                    " again (first on line " +
                                    std::to_string(vendors.back().line) +
                                    "); its name here is ignored, its "
                                    "products are kept");
      continue;
    }
    vendors.push_back(std::move(vendor));
  }
  database.vendors = std::move(vendors);

  std::stable_sort(database.products.begin(), database.products.end(),
                   [](const Product& a, const Product& b) {
                     return a.vendor != b.vendor ? a.vendor < b.vendor
                                                 : a.id < b.id;
                   });
  std::vector<Product> products;
  for (Product& product : database.products) {
    if (!products.empty() && products.back().vendor == product.vendor &&
        products.back().id == product.id) {
      warnings.Add(product.line,
                   "product " + Hex4(product.vendor) + ":" + Hex4(product.id) +
                       " again (first on line " +
                       std::to_string(products.back().line) + "); ignored");
      continue;
    }
    products.push_back(std::move(product));
  }
  database.products = std::move(products);
}

// Appends comma-separated items to `out`, as many per line as fit in 80
// columns, each line indented by four spaces.
class ListWriter {
 public:
  explicit ListWriter(std::string& out) : out_(out) {}

  void Add(const std::string& item) {
    if (column_ > 0 && column_ + 1 + item.size() + 1 > 80) {
      out_ += '\n';
      column_ = 0;
    }
    if (column_ == 0) {
      out_ += "   ";
      column_ = 3;
    }
    out_ += ' ';
    out_ += item;
    out_ += ',';
    column_ += 1 + item.size() + 1;
  }

  void Finish() {
    if (column_ > 0) out_ += '\n';
  }

 private:
  std::string& out_;
  size_t column_ = 0;
};

// `c` as it is written inside a string literal. Only printable ASCII other
// than '\\', '"' and '?' stands for itself ('?' is escaped so that no "??x"
// trigraph can form); every other byte is a three-digit octal escape, which
// ends after its third digit and so cannot absorb a digit that follows, as a
// hex escape would.
std::string Escaped(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (c == '\\' || c == '"' || c == '?') return {'\\', c};
  if (byte >= 0x20 && byte < 0x7F) return {c};
  return {'\\', static_cast<char>('0' + (byte >> 6)),
          static_cast<char>('0' + ((byte >> 3) & 7)),
          static_cast<char>('0' + (byte & 7))};
}

// `text` as one string literal.
std::string Literal(std::string_view text) {
  std::string out = "\"";
  for (char c : text) out += Escaped(c);
  return out + "\"";
}

// Appends `name` to `out` as one or more string literals, each on its own
// line, indented by four spaces and at most 80 columns wide.
void AppendLiterals(std::string_view name, std::string& out) {
  std::string line = "    \"";
  for (char c : name) {
    std::string piece = Escaped(c);
    if (line.size() + piece.size() + 1 > 80) {
      out += line + "\"\n";
      line = "    \"";
    }
    line += piece;
  }
  out += line + "\"\n";
}

// One bus's names, concatenated, each distinct name once (a tenth of the
// names repeat: "Keyboard", "Mouse", ...), within the table's 16-bit lengths
// and 32-bit offsets.
class NameBlob {
 public:
  // The offset of `name` in the blob, appending it (and its literal) unless
  // an equal name is there already; nullopt when it does not fit.
  std::optional<uint32_t> Intern(const std::string& name) {
    if (auto it = offsets_.find(name); it != offsets_.end()) return it->second;
    if (name.size() > std::numeric_limits<uint16_t>::max() ||
        size_ + name.size() > std::numeric_limits<uint32_t>::max()) {
      return std::nullopt;
    }
    auto offset = static_cast<uint32_t>(size_);
    offsets_.emplace(name, offset);
    size_ += name.size();
    AppendLiterals(name, literals_);
    return offset;
  }

  uint64_t size() const { return size_; }
  const std::string& literals() const { return literals_; }

 private:
  // Keys view names owned by the Database, which outlives the blob.
  std::unordered_map<std::string_view, uint32_t> offsets_;
  uint64_t size_ = 0;
  std::string literals_;
};

// Appends the definitions of one database's table to `out`; `prefix` is
// "Usb" or "Pci". Fails (with `error`) when a name does not fit the table.
bool AppendTable(const Database& database, const std::string& prefix,
                 std::string& out, std::string& error) {
  NameBlob blob;
  std::string vendor_items;
  std::string product_items;
  ListWriter vendors(vendor_items);
  ListWriter products(product_items);
  auto too_long = [&](size_t line) {
    error = database.path + ":" + std::to_string(line) +
            ": the name does not fit the table (64 KiB per name, 4 GiB in all)";
    return false;
  };
  // Every product was read under a vendor line that was kept, so walking
  // both sorted lists together reaches each product exactly once.
  size_t next = 0;
  for (const Vendor& vendor : database.vendors) {
    std::optional<uint32_t> offset = blob.Intern(vendor.name);
    if (!offset) return too_long(vendor.line);
    vendors.Add("{0x" + Hex4(vendor.id) + ", " +
                std::to_string(vendor.name.size()) + ", " +
                std::to_string(*offset) + ", " + std::to_string(next) + "}");
    for (; next < database.products.size() &&
           database.products[next].vendor == vendor.id;
         ++next) {
      const Product& product = database.products[next];
      std::optional<uint32_t> product_offset = blob.Intern(product.name);
      if (!product_offset) return too_long(product.line);
      products.Add("{0x" + Hex4(product.id) + ", " +
                   std::to_string(product.name.size()) + ", " +
                   std::to_string(*product_offset) + "}");
    }
  }
  vendors.Finish();
  products.Finish();
  if (next != database.products.size()) {
    error = "internal error: a product without its vendor";
    return false;
  }

  out += "// " + database.file_name + ": " +
         std::to_string(database.vendors.size()) + " vendors, " +
         std::to_string(database.products.size()) + " products, " +
         std::to_string(blob.size()) + " bytes of names.\n";
  out += "constexpr char k" + prefix + "Names[] =\n";
  out += blob.literals();
  out.back() = ';';  // the last literal's newline
  out += "\n\nconstexpr VendorEntry k" + prefix + "Vendors[] = {\n";
  out += vendor_items;
  out += "};\n\n";
  if (database.products.empty()) {
    // A zero-length array is ill-formed; the table gets an empty span.
    out +=
        "constexpr std::span<const ProductEntry> k" + prefix + "Products;\n\n";
  } else {
    out += "constexpr ProductEntry k" + prefix + "Products[] = {\n";
    out += product_items;
    out += "};\n\n";
  }
  return true;
}

// What DatabaseVersion returns: "usb.ids 2025.07.26".
std::string Description(const Database& database) {
  if (!database.version.empty()) {
    return database.file_name + " " + database.version;
  }
  if (!database.date.empty()) return database.file_name + " " + database.date;
  return database.file_name + " unknown version";
}

// The header comment's line about one database. The values are quoted as
// literals, so that no byte of theirs (a final backslash) can change the
// meaning of the comment.
std::string Provenance(const Database& database) {
  std::string line = "// " + database.file_name + ":";
  line += database.version.empty() ? " no Version line"
                                   : " Version " + Literal(database.version);
  line += database.date.empty() ? ", no Date line"
                                : ", Date " + Literal(database.date);
  return line + "\n";
}

std::string Generate(const Database& usb, const Database& pci,
                     std::string& error) {
  std::string out =
      "// Generated by tools/ids_table/ids_table.cc; do not edit. The layout "
      "is\n// src/codeless/ids/device_ids_data.h.\n";
  out += Provenance(usb);
  out += Provenance(pci);
  out +=
      "#include \"codeless/ids/device_ids_data.h\"\n\n"
      "// Each bus's names are one literal, which may be longer than the "
      "65536\n"
      "// characters the standard asks compilers to support (Clang warns; GCC\n"
      "// and Clang take any length).\n"
      "#pragma GCC diagnostic ignored \"-Woverlength-strings\"\n\n"
      "namespace codeless::ids::internal {\n"
      "namespace {\n\n";
  if (!AppendTable(usb, "Usb", out, error) ||
      !AppendTable(pci, "Pci", out, error)) {
    return {};
  }
  out += "}  // namespace\n";
  for (const auto& [database, prefix] :
       {std::pair{&usb, "Usb"}, std::pair{&pci, "Pci"}}) {
    std::string p = prefix;
    out += "\nconst Table& " + p + "Table() {\n";
    out += "  static constexpr Table kTable = {\n";
    out += "      " + Literal(Description(*database)) + ",\n";
    out += "      std::string_view(k" + p + "Names, sizeof k" + p +
           "Names - 1),\n";
    out += "      k" + p + "Vendors,\n";
    out += "      k" + p + "Products,\n";
    out += "  };\n";
    out += "  return kTable;\n";
    out += "}\n";
  }
  out += "\n}  // namespace codeless::ids::internal\n";
  return out;
}

// Writes `contents` to `path` through a temporary file renamed into place,
// so that a failed run never leaves a truncated file that looks up to date.
bool WriteFile(const std::string& path, const std::string& contents) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: ids_table USB_IDS PCI_IDS OUTPUT.cc\n";
    return 2;
  }
  Database databases[2];
  const char* const kFileNames[2] = {"usb.ids", "pci.ids"};
  for (int i = 0; i < 2; ++i) {
    std::string path = argv[1 + i];
    std::string contents;
    if (!ReadFile(path, &contents)) {
      std::cerr << "ids_table: cannot read " << path << '\n';
      return 1;
    }
    Warnings warnings(path);
    databases[i] = Parse(contents, kFileNames[i], warnings);
    databases[i].path = path;
    if (databases[i].vendors.empty()) {
      std::cerr << "ids_table: " << path << " holds no vendor line; is it a "
                << kFileNames[i] << " file?\n";
      return 1;
    }
    SortAndDeduplicate(databases[i], warnings);
    warnings.Print();
  }
  std::string error;
  std::string output = Generate(databases[0], databases[1], error);
  if (output.empty()) {
    std::cerr << "ids_table: " << error << '\n';
    return 1;
  }
  if (!WriteFile(argv[3], output)) {
    std::cerr << "ids_table: cannot write " << argv[3] << '\n';
    return 1;
  }
  return 0;
}
