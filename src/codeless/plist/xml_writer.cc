#include "codeless/plist/xml_writer.h"

#include <fmt/format.h>

#include <algorithm>

#include "codeless/base/base64.h"

namespace codeless::plist {
namespace {

size_t FindSpecial(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '&' || c == '<' || c == '>') return i;
  }
  return std::string_view::npos;
}

void AppendEscaped(std::string& out, std::string_view text) {
  // Copy runs without special characters in one go; most text has none.
  while (!text.empty()) {
    size_t special = FindSpecial(text);
    out.append(text.substr(0, special));
    if (special == std::string_view::npos) return;
    out += text[special] == '&'   ? "&amp;"
           : text[special] == '<' ? "&lt;"
                                  : "&gt;";
    text.remove_prefix(special + 1);
  }
}

}  // namespace

void TagMap::Add(size_t offset, uint32_t tag, bool key) {
  entries_.emplace_back(static_cast<uint32_t>(offset),
                        tag << 1 | (key ? 1u : 0u));
}

std::optional<TagMap::Place> TagMap::At(size_t offset) const {
  auto after = std::upper_bound(
      entries_.begin(), entries_.end(), offset,
      [](size_t o, const auto& entry) { return o < entry.first; });
  if (after == entries_.begin()) return std::nullopt;
  const auto& entry = *(after - 1);
  bool key = (entry.second & 1) != 0 && entry.first == offset;
  return Place{static_cast<uint32_t>(entry.second >> 1), key};
}

XmlWriter::XmlWriter(std::string& out, TagMap* tags)
    : out_(out), tags_(tags) {}

void XmlWriter::BeginDocument() { out_ += kXmlHeader; }

void XmlWriter::EndDocument() { out_ += "</plist>\n"; }

uint32_t XmlWriter::Inherit(uint32_t tag) const {
  if (tag != 0 || open_.empty()) return tag;
  return open_.back().tag;
}

void XmlWriter::RecordValue(size_t offset, uint32_t tag) {
  // A member's value with the key's own tag needs no record of its own.
  bool member_value = !open_.empty() && open_.back().kind == 'd';
  if (tags_ == nullptr || tag == 0 || (member_value && tag == last_key_tag_)) {
    return;
  }
  tags_->Add(offset, tag, false);
}

void XmlWriter::OpenPending() {
  if (!pending_) return;
  pending_ = false;
  out_.append(open_.size() - 1, '\t');
  out_ += open_.back().kind == 'd' ? "<dict>\n" : "<array>\n";
}

void XmlWriter::Indent() {
  OpenPending();
  out_.append(open_.size(), '\t');
}

void XmlWriter::Element(std::string_view tag, std::string_view text) {
  out_ += '<';
  out_ += tag;
  out_ += '>';
  AppendEscaped(out_, text);
  out_ += "</";
  out_ += tag;
  out_ += ">\n";
}

void XmlWriter::BeginDict(uint32_t tag) {
  OpenPending();
  // Its element is written once its first member (or its end) comes, at
  // this indentation.
  RecordValue(out_.size() + open_.size(), tag);
  open_.push_back({'d', Inherit(tag)});
  pending_ = true;
}

void XmlWriter::BeginArray(uint32_t tag) {
  OpenPending();
  RecordValue(out_.size() + open_.size(), tag);
  open_.push_back({'a', Inherit(tag)});
  pending_ = true;
}

void XmlWriter::EndDict() {
  if (pending_) {
    pending_ = false;
    out_.append(open_.size() - 1, '\t');
    out_ += "<dict/>\n";
  } else {
    out_.append(open_.size() - 1, '\t');
    out_ += "</dict>\n";
  }
  open_.pop_back();
}

void XmlWriter::EndArray() {
  if (pending_) {
    pending_ = false;
    out_.append(open_.size() - 1, '\t');
    out_ += "<array/>\n";
  } else {
    out_.append(open_.size() - 1, '\t');
    out_ += "</array>\n";
  }
  open_.pop_back();
}

void XmlWriter::Key(std::string_view key, uint32_t tag) {
  Indent();
  last_key_tag_ = Inherit(tag);
  if (tags_ != nullptr && last_key_tag_ != 0) {
    tags_->Add(out_.size(), last_key_tag_, true);
  }
  Element("key", key);
}

void XmlWriter::String(std::string_view text, uint32_t tag) {
  Indent();
  RecordValue(out_.size(), tag);
  Element("string", text);
}

void XmlWriter::Integer(int64_t value, uint32_t tag) {
  Indent();
  RecordValue(out_.size(), tag);
  fmt::format_int digits(value);
  out_ += "<integer>";
  out_.append(digits.data(), digits.size());
  out_ += "</integer>\n";
}

void XmlWriter::Boolean(bool value, uint32_t tag) {
  Indent();
  RecordValue(out_.size(), tag);
  out_ += value ? "<true/>\n" : "<false/>\n";
}

void XmlWriter::Data(std::string_view bytes, uint32_t tag) {
  Indent();
  RecordValue(out_.size(), tag);
  out_ += "<data>";
  out_ += base::Base64Encode(bytes);
  out_ += "</data>\n";
}

void XmlWriter::Write(const Value& value) {
  const auto& storage = value.storage();
  uint32_t tag = value.tag();
  if (const auto* s = std::get_if<std::string>(&storage)) {
    String(*s, tag);
  } else if (const auto* i = std::get_if<int64_t>(&storage)) {
    Integer(*i, tag);
  } else if (const auto* b = std::get_if<bool>(&storage)) {
    Boolean(*b, tag);
  } else if (const auto* d = std::get_if<plist::Data>(&storage)) {
    Data(d->bytes, tag);
  } else if (const auto* a = std::get_if<Array>(&storage)) {
    BeginArray(tag);
    for (const Value& item : *a) Write(item);
    EndArray();
  } else if (const auto* dict = std::get_if<Dict>(&storage)) {
    BeginDict(tag);
    for (const auto& [key, item] : *dict) Member(key, item);
    EndDict();
  }
}

void XmlWriter::Member(std::string_view key, const Value& value) {
  Key(key, value.tag());
  Write(value);
}

std::string WriteXml(const Value& root, TagMap* tags) {
  std::string out;
  XmlWriter writer(out, tags);
  writer.BeginDocument();
  writer.Write(root);
  writer.EndDocument();
  // The string grew by doubling; its spare half would outlive the writer.
  out.shrink_to_fit();
  return out;
}

}  // namespace codeless::plist
