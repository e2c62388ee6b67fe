#include "codeless/match/report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace codeless::match {
namespace {

constexpr std::string_view kDefaultCategory = "IODefaultMatchCategory";

const Attached* DefaultAttached(const DeviceResult& device) {
  for (const Attached& a : device.attached) {
    if (a.category == kDefaultCategory) return &a;
  }
  return nullptr;
}

std::string Line(std::string_view label, const Candidate& c) {
  const Personality& p = *c.personality;
  return fmt::format("  {:<10}{} ({}, {}) score {}: {}\n", label, p.name,
                     p.io_class, p.bundle, *c.score, c.reason);
}

}  // namespace

Agreement Agree(const MatchResult& result) {
  Agreement agreement;
  for (const DeviceResult& device : result.devices) {
    const Candidate* winner = device.Winner();
    const Attached* attached = DefaultAttached(device);
    if (winner == nullptr || attached == nullptr) continue;
    ++agreement.checked;
    if (winner->personality->io_class == attached->io_class) ++agreement.agree;
  }
  return agreement;
}

std::string ToText(const Registry& registry, const MatchResult& result) {
  std::string out;
  int with_winner = 0;
  for (const DeviceResult& device : result.devices) {
    const Entry& entry = registry.entries[device.entry];
    out += fmt::format("{} <{}{}> {}\n", entry.name, entry.class_name,
                       entry.id.empty() ? "" : ", " + entry.id,
                       registry.PathOf(device.entry));
    const Candidate* winner = device.Winner();
    const Candidate* runner_up = nullptr;
    for (const Candidate& c : device.candidates) {
      if (c.matches && !c.winner &&
          c.personality->category == kDefaultCategory) {
        runner_up = &c;
        break;
      }
    }
    if (winner != nullptr) {
      ++with_winner;
      out += Line("winner", *winner);
      if (runner_up != nullptr) out += Line("runner-up", *runner_up);
    } else {
      out += "  winner    none\n";
    }
    for (const Candidate& c : device.candidates) {
      if (c.winner && c.personality->category != kDefaultCategory) {
        out += Line(c.personality->category == "" ? "category" : "also", c);
      }
    }
    if (winner == nullptr || runner_up == nullptr) {
      // Say why the nearest non-matching personality lost.
      for (const Candidate& c : device.candidates) {
        if (!c.matches) {
          out +=
              fmt::format("  {:<10}{} ({}): {}\n", "no match",
                          c.personality->name, c.personality->bundle, c.reason);
          break;
        }
      }
    }
    if (const Attached* a = DefaultAttached(device)) {
      std::string verdict;
      if (winner != nullptr) {
        verdict = winner->personality->io_class == a->io_class ? ", agrees"
                                                               : ", differs";
      }
      out +=
          fmt::format("  {:<10}{}{}{}\n", "attached", a->io_class,
                      a->bundle.empty() ? "" : " (" + a->bundle + ")", verdict);
    }
  }
  Agreement agreement = Agree(result);
  out += fmt::format(
      "{} device(s), {} with a winner; the dump shows the driver of {} of "
      "them, and match agrees on {}\n",
      result.devices.size(), with_winner, agreement.checked, agreement.agree);
  if (!result.unmatched.empty()) {
    out += fmt::format("{} {} no device", result.unmatched.size(),
                       result.unmatched.size() == 1 ? "personality matches"
                                                    : "personalities match");
    if (result.unmatched.size() > 20) {
      out += " (--format json lists them)\n";
    } else {
      out += ":\n";
      for (const UnmatchedPersonality& u : result.unmatched) {
        out += fmt::format("  {} ({}): nearest miss {}\n", u.personality->name,
                           u.personality->bundle, u.nearest_miss);
      }
    }
  }
  return out;
}

std::string ToJson(const Registry& registry, const MatchResult& result) {
  using nlohmann::ordered_json;
  ordered_json devices = ordered_json::array();
  auto or_null = [](const std::string& s) {
    return s.empty() ? ordered_json(nullptr) : ordered_json(s);
  };
  for (const DeviceResult& device : result.devices) {
    const Entry& entry = registry.entries[device.entry];
    const Candidate* winner = device.Winner();
    ordered_json candidates = ordered_json::array();
    for (const Candidate& c : device.candidates) {
      const Personality& p = *c.personality;
      ordered_json j;
      j["personality"] = p.name;
      j["bundle"] = or_null(p.bundle);
      j["class"] = or_null(p.io_class);
      j["matches"] = c.matches;
      j["score"] = c.score ? ordered_json(*c.score) : ordered_json(nullptr);
      j["category"] = p.category;
      j["winner"] = c.winner;
      j["reason"] = c.reason;
      j["source"] = p.source;
      candidates.push_back(std::move(j));
    }
    ordered_json attached = ordered_json::array();
    for (const Attached& a : device.attached) {
      attached.push_back({{"class", a.io_class},
                          {"bundle", or_null(a.bundle)},
                          {"category", a.category}});
    }
    ordered_json d;
    d["name"] = entry.name;
    d["class"] = entry.class_name;
    d["id"] = or_null(entry.id);
    d["path"] = registry.PathOf(device.entry);
    d["classChain"] = device.chain;
    d["winner"] = winner ? ordered_json(winner->personality->name) : nullptr;
    d["winnerClass"] =
        winner ? or_null(winner->personality->io_class) : ordered_json(nullptr);
    d["winnerBundle"] =
        winner ? or_null(winner->personality->bundle) : ordered_json(nullptr);
    d["candidates"] = std::move(candidates);
    d["attached"] = std::move(attached);
    devices.push_back(std::move(d));
  }
  ordered_json unmatched = ordered_json::array();
  ordered_json details = ordered_json::array();
  for (const UnmatchedPersonality& u : result.unmatched) {
    unmatched.push_back(u.personality->name);
    details.push_back({{"personality", u.personality->name},
                       {"bundle", or_null(u.personality->bundle)},
                       {"nearestMiss", u.nearest_miss}});
  }
  Agreement agreement = Agree(result);
  ordered_json doc;
  doc["dumpFormat"] = registry.format;
  doc["devices"] = std::move(devices);
  doc["unmatched"] = std::move(unmatched);
  doc["unmatchedDetails"] = std::move(details);
  doc["agreement"] = {{"checked", agreement.checked},
                      {"agree", agreement.agree}};
  return doc.dump(2) + "\n";
}

}  // namespace codeless::match
