// bench/send_bench: every figure of issue 7 "Benchmarks", printed one a line by bench/run:
//
//   <name>: <value> <unit> (goal: <goal>) met|missed
//
// Lines starting with "# " are the measurements the figures are made of (milliseconds, sizes).
// Medians of repeated runs; every ratio is taken within this one run, with the runs of the two
// sides interleaved so that a busy machine slows both alike.
//
//  - send-time check: process start to reply of sendcheck-host for a 50-recipient draft with 5
//    attachments against generated histories of 10 000, 100 000 and 1 000 000 addresses, and of
//    the floor (bench/floor_host: reads the frame, answers a fixed reply);
//  - large drafts: 500 and 7000 recipients at 100 000 addresses, the cost per recipient beyond
//    the 50-recipient check, and the reply size;
//  - import: `sendcheck import` of the Enron sent folders (when the corpus exists) and of a
//    generated mbox (1 GB; 100 MB with --quick): messages/s and peak RSS;
//  - memory: peak RSS of sendcheck-host for one check at 1 000 000 addresses.
//
// Usage: send_bench --bin BUILD_DIR --data DATA_DIR [--corpus DIR] [--quick] [--runs N]
//                   [--prepare]   (--prepare: only generate the cached data)
// BUILD_DIR holds host/sendcheck-host, host/sendcheck and bench/sendcheck_floor_host; DATA_DIR
// caches the generated histories and mboxes (reused by later runs). Exit status 0 when every
// goal is met, 1 when one is missed, 2 on a usage or setup error.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "history_generator.h"
#include "mbox_generator.h"
#include "process_runner.h"

namespace sendcheck::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kMiB = 1024.0 * 1024.0;

struct Options {
  fs::path bin;
  fs::path data;
  fs::path corpus;
  bool quick = false;
  bool prepare = false;  // only generate the cached data
  int runs = 0;          // 0: the default of the mode
};

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

class Report {
 public:
  void figure(const std::string& name, double value, const char* format, const std::string& unit,
              const std::string& goal, bool met) {
    char number[64];
    std::snprintf(number, sizeof number, format, value);
    std::printf("%s: %s %s (goal: %s) %s\n", name.c_str(), number, unit.c_str(), goal.c_str(),
                met ? "met" : "missed");
    std::fflush(stdout);
    all_met_ = all_met_ && met;
  }
  void skipped(const std::string& name, const std::string& why) {
    std::printf("%s: skipped (%s)\n", name.c_str(), why.c_str());
    std::fflush(stdout);
  }
  static void note(const std::string& text) {
    std::printf("# %s\n", text.c_str());
    std::fflush(stdout);
  }
  bool all_met() const { return all_met_; }

 private:
  bool all_met_ = true;
};

std::string format(const char* fmt, double value) {
  char out[64];
  std::snprintf(out, sizeof out, fmt, value);
  return out;
}

// The 1-, 5- and 15-minute load averages: a busy machine lengthens wall-clock figures.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return in ? one + " " + five + " " + fifteen : std::string("unknown");
}

std::string with_name(const GeneratedContact& c) {
  if (c.display_name.find(',') != std::string::npos) {
    return "\"" + c.display_name + "\" <" + c.address + ">";
  }
  return c.display_name + " <" + c.address + ">";
}

// A `check` request for a draft of `count` recipients written as a Japanese office worker would:
// mostly people already written to (contacts spread over the first `known` of the history),
// one in 20 a one-letter typo of a known address (the look-alike search's worst case), one in 20
// a new person at a known organisation, one in 20 a new organisation; 5 attachments; a body with
// a salutation, the word 添付, a signature and a quoted reply.
std::string check_request(std::size_t count, std::size_t known) {
  HistoryGenerator people;
  json to = json::array();
  json cc = json::array();
  json bcc = json::array();
  json participants = json::array();
  std::size_t bcc_from = count - count / 25;
  for (std::size_t k = 0; k < count; ++k) {
    GeneratedContact c = people.contact((k * 7919 + 13) % known);
    std::string domain = c.address.substr(c.address.rfind('@') + 1);
    std::string entry;
    switch (k % 20) {
      case 3: {  // typo: two neighbouring letters of the local part swapped
        std::string address = c.address;
        std::swap(address[1], address[2]);
        entry = c.display_name + " <" + address + ">";
        break;
      }
      case 11:
        entry = "新規 担当者" + std::to_string(k) + " <new.person" + std::to_string(k) + "@" +
                domain + ">";
        break;
      case 17:
        entry =
            "Partner " + std::to_string(k) + " <contact@newpartner" + std::to_string(k) + ".co.jp>";
        break;
      default:
        entry = with_name(c);
        if (k < 5) participants.push_back(c.address);
        break;
    }
    if (k < 10) {
      to.push_back(entry);
    } else if (k >= bcc_from) {
      bcc.push_back(entry);
    } else {
      cc.push_back(entry);
    }
  }
  GeneratedContact first = people.contact(13 % known);
  json attachments = json::array({
      {{"name", "見積書_2026年度.pdf"},
       {"size", 183204},
       {"contentType", "application/pdf"},
       {"head", "JVBERi0xLjcKJeLjz9MK"}},
      {{"name", "議事録_1130.docx"},
       {"size", 45821},
       {"contentType", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
       {"head", "UEsDBBQABgAIAAAAIQ"}},
      {{"name", "売上集計.xlsx"},
       {"size", 98304},
       {"contentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
       {"head", "UEsDBBQABgAIAAAAIQ"}},
      {{"name", "site-photo.jpg"},
       {"size", 2457600},
       {"contentType", "image/jpeg"},
       {"head", "/9j/4AAQSkZJRgABAQ"}},
      {{"name", "proposal_v3.pptx"},
       {"size", 5120000},
       {"contentType", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
       {"head", "UEsDBBQABgAIAAAAIQ"}},
  });
  std::string body = first.display_name +
                     " 様\n\nいつもお世話になっております。山田です。\n\n"
                     "先日の打ち合わせの資料と見積書を添付いたします。\nご確認のほどよろしく"
                     "お願いいたします。\n\n--\n山田 太郎\n株式会社マイカンパニー 営業部\n"
                     "TEL 03-1234-5678\n\n-----Original Message-----\n> 資料をお送りください。\n";
  json draft = {{"from", "山田 太郎 <me@mycompany.co.jp>"},
                {"to", to},
                {"cc", cc},
                {"bcc", bcc},
                {"subject", "【ご確認】お見積りと打ち合わせ資料の送付"},
                {"body", body},
                {"attachments", attachments},
                {"thread", {{"participants", participants}}},
                {"locale", "ja"}};
  return json{{"id", 1}, {"type", "check"}, {"draft", draft}}.dump();
}

// The reply must be a successful check of `count` recipients.
void validate_check_reply(const std::string& reply, std::size_t count) {
  json parsed = json::parse(reply);
  if (!parsed.value("ok", false)) throw std::runtime_error("check failed: " + reply.substr(0, 300));
  const json& result = parsed.at("result");
  if (result.value("recipientCount", std::size_t{0}) != count) {
    throw std::runtime_error("check counted " + result.value("recipientCount", json()).dump() +
                             " recipients, expected " + std::to_string(count));
  }
}

class Bench {
 public:
  explicit Bench(Options options) : o_(std::move(options)) {
    host_ = (o_.bin / "host" / "sendcheck-host").string();
    cli_ = (o_.bin / "host" / "sendcheck").string();
    floor_ = (o_.bin / "bench" / "sendcheck_floor_host").string();
    for (const std::string& program : {host_, cli_, floor_}) {
      if (!fs::exists(program)) throw std::runtime_error("not built: " + program);
    }
    work_ = o_.data / "work";
    fs::remove_all(work_);
    fs::create_directories(work_);
    settings_ = (work_ / "settings.json").string();
    std::ofstream(settings_) << R"({ "internalDomains": ["mycompany.co.jp"] })"
                             << "\n";
    if (o_.runs == 0) o_.runs = o_.quick ? 11 : 21;
  }

  // Generates the cached histories and mbox of the mode, nothing else.
  int prepare() {
    std::vector<std::size_t> sizes = {10000, 100000};
    if (!o_.quick) sizes.push_back(1000000);
    MboxStats stats;
    cached_mbox(o_.data.string(), o_.quick ? 100000000ull : 1000000000ull, &stats);
    for (std::size_t size : sizes) {
      if (run_in_child([&] { cached_history(o_.data.string(), size); }) != 0) return 2;
    }
    return 0;
  }

  int run() {
    Report::note(std::string("mode: ") + (o_.quick ? "quick" : "full") + ", " +
                 std::to_string(o_.runs) + " runs per check figure; load average " +
                 load_average());
    send_time_check();
    large_drafts();
    import_enron();
    import_generated();
    Report::note("load average at the end " + load_average());
    Report::note("driver peak RSS (the floor of every child RSS figure): " +
                 format("%.1f", own_max_rss_kb() / 1024.0) + " MB");
    return report_.all_met() ? 0 : 1;
  }

 private:
  // A private copy of the cached history (a check appends an audit entry: the cache stays
  // as generated).
  std::string history(std::size_t addresses) {
    std::string cached;
    int status = run_in_child([&] { cached_history(o_.data.string(), addresses); });
    if (status != 0) throw std::runtime_error("cannot generate the history");
    cached = (o_.data / ("history-" + std::to_string(addresses) + ".sqlite3")).string();
    fs::path copy = work_ / ("history-" + std::to_string(addresses) + ".sqlite3");
    fs::copy_file(cached, copy, fs::copy_options::overwrite_existing);
    return copy.string();
  }

  EnvChanges host_env(const std::string& db) const {
    return {{"SENDCHECK_DB", db},
            {"SENDCHECK_CONFIG", settings_},
            {"SENDCHECK_POLICY", ""},
            {"XDG_DATA_HOME", (work_ / "xdg-data").string()},
            {"XDG_CONFIG_HOME", (work_ / "xdg-config").string()}};
  }

  ChildRun check(const std::string& db, const std::string& request, std::size_t count) {
    ChildRun run = run_host(host_, host_env(db), request);
    if (run.exit_status != 0) throw std::runtime_error("sendcheck-host exited with an error");
    validate_check_reply(run.output, count);
    return run;
  }

  void send_time_check() {
    std::vector<std::size_t> sizes = {10000, 100000};
    if (!o_.quick) sizes.push_back(1000000);
    std::map<std::size_t, std::string> dbs;
    for (std::size_t size : sizes) dbs[size] = history(size);
    std::string request = check_request(50, 10000);
    Report::note("check request: 50 recipients, 5 attachments, " + std::to_string(request.size()) +
                 " bytes");

    std::vector<double> floor_ms;
    std::vector<double> floor_cpu_ms;
    std::vector<double> startup_ms;  // sendcheck-host --version: loading and linking alone
    std::map<std::size_t, std::vector<double>> real_ms;
    std::map<std::size_t, std::vector<double>> real_cpu_ms;
    std::map<std::size_t, long> peak_kb;
    for (int r = -1; r < o_.runs; ++r) {  // run -1 warms the page cache, not counted
      ChildRun f = run_host(floor_, {}, request);
      if (r >= 0) {
        floor_ms.push_back(f.seconds * 1e3);
        floor_cpu_ms.push_back(f.cpu_seconds * 1e3);
        startup_ms.push_back(run_program({host_, "--version"}, {}).seconds * 1e3);
      }
      for (std::size_t size : sizes) {
        ChildRun c = check(dbs[size], request, 50);
        if (r < 0) continue;
        real_ms[size].push_back(c.seconds * 1e3);
        real_cpu_ms[size].push_back(c.cpu_seconds * 1e3);
        peak_kb[size] = std::max(peak_kb[size], c.max_rss_kb);
        if (r == 0) reply_bytes_50_ = c.output.size();
      }
    }
    double floor = median(floor_ms);
    Report::note("floor (bench/floor_host) start to reply: " + format("%.2f", floor) + " ms (CPU " +
                 format("%.2f", median(floor_cpu_ms)) + " ms)");
    Report::note("sendcheck-host --version (start-up: loading " +
                 std::string("and linking its libraries) start to exit: ") +
                 format("%.2f", median(startup_ms)) + " ms");
    for (std::size_t size : sizes) {
      check_ms_[size] = median(real_ms[size]);
      Report::note("check at " + std::to_string(size) +
                   " addresses start to reply: " + format("%.2f", check_ms_[size]) + " ms (CPU " +
                   format("%.2f", median(real_cpu_ms[size])) + " ms), peak RSS " +
                   format("%.1f", peak_kb[size] / 1024.0) + " MB");
    }
    double ratio_100k = check_ms_[100000] / floor;
    report_.figure("send-time check at 100000 addresses vs floor", ratio_100k, "%.2f", "x",
                   "<= 3.0", ratio_100k <= 3.0);
    if (o_.quick) {
      report_.skipped("send-time check at 1000000 vs 10000 addresses", "--quick");
      report_.skipped("host peak RSS, one check at 1000000 addresses", "--quick");
    } else {
      double ratio_1m = check_ms_[1000000] / check_ms_[10000];
      report_.figure("send-time check at 1000000 vs 10000 addresses", ratio_1m, "%.2f", "x",
                     "<= 1.5", ratio_1m <= 1.5);
      double mb = peak_kb[1000000] / 1024.0;
      report_.figure("host peak RSS, one check at 1000000 addresses", mb, "%.1f", "MB", "< 50",
                     mb < 50);
    }
    db_100k_ = dbs[100000];
  }

  void large_drafts() {
    std::map<std::size_t, std::string> requests;
    for (std::size_t n : {std::size_t{50}, std::size_t{500}, std::size_t{7000}}) {
      requests[n] = check_request(n, 100000);
    }
    int runs = std::max(5, o_.runs / 2);
    std::map<std::size_t, std::vector<double>> ms;
    std::map<std::size_t, std::size_t> reply_bytes;
    for (int r = -1; r < runs; ++r) {
      for (const auto& [n, request] : requests) {
        ChildRun c = check(db_100k_, request, n);
        if (r < 0) continue;
        ms[n].push_back(c.seconds * 1e3);
        reply_bytes[n] = std::max(reply_bytes[n], c.output.size());
      }
    }
    double base = median(ms[50]);
    std::map<std::size_t, double> per_recipient_us;
    for (std::size_t n : {std::size_t{500}, std::size_t{7000}}) {
      double total = median(ms[n]);
      per_recipient_us[n] = (total - base) * 1e3 / static_cast<double>(n - 50);
      Report::note("check of " + std::to_string(n) + " recipients at 100000 addresses: " +
                   format("%.1f", total) + " ms (50 recipients: " + format("%.1f", base) +
                   " ms), request " + std::to_string(requests[n].size()) + " bytes, reply " +
                   std::to_string(reply_bytes[n]) + " bytes");
      bool small = reply_bytes[n] < static_cast<std::size_t>(kMiB);
      report_.figure("large draft " + std::to_string(n) + " recipients at 100000 addresses",
                     per_recipient_us[n], "%.1f", "us/recipient",
                     "reply < 1 MiB; reply " + format("%.0f", reply_bytes[n] / 1024.0) + " KiB",
                     small);
    }
    double ratio = per_recipient_us[7000] / per_recipient_us[500];
    report_.figure("large draft cost per recipient 7000 vs 500 recipients", ratio, "%.2f", "x",
                   "linear: <= 1.5", ratio <= 1.5);
  }

  // `sendcheck import` of `files` into a fresh history, `runs` times; reports msgs/s and RSS.
  void import_figures(const std::string& name, const std::vector<std::string>& files, int runs,
                      const std::vector<std::string>& extra_args) {
    std::vector<double> rates;
    std::vector<double> cpu_rates;
    long peak_kb = 0;
    std::int64_t messages = 0;
    for (int r = 0; r < runs; ++r) {
      fs::path db = work_ / "import.sqlite3";
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
      std::vector<std::string> argv = {cli_, "import", "--db", db.string()};
      argv.insert(argv.end(), extra_args.begin(), extra_args.end());
      argv.insert(argv.end(), files.begin(), files.end());
      ChildRun run = run_program(argv, host_env(db.string()));
      if (run.exit_status != 0) throw std::runtime_error("sendcheck import failed: " + name);
      std::size_t at = run.output.find("messages read:");
      if (at == std::string::npos) throw std::runtime_error("import printed no count");
      messages = std::stoll(run.output.substr(at + 14));
      rates.push_back(static_cast<double>(messages) / run.seconds);
      cpu_rates.push_back(static_cast<double>(messages) / run.cpu_seconds);
      peak_kb = std::max(peak_kb, run.max_rss_kb);
      Report::note("import " + name + " run " + std::to_string(r + 1) + ": " +
                   std::to_string(messages) + " messages in " + format("%.2f", run.seconds) +
                   " s (CPU " + format("%.2f", run.cpu_seconds) + " s), peak RSS " +
                   format("%.1f", run.max_rss_kb / 1024.0) + " MB");
    }
    Report::note("import " + name + " by CPU time: " + format("%.0f", median(cpu_rates)) +
                 " msgs/s");
    double rate = median(rates);
    report_.figure("import " + name, rate, "%.0f", "msgs/s", ">= 20000", rate >= 20000);
    double mb = peak_kb / 1024.0;
    report_.figure("import " + name + " peak RSS", mb, "%.1f", "MB", "< 200", mb < 200);
  }

  void import_enron() {
    fs::path enron = o_.corpus / "enron";
    std::vector<std::string> files;
    std::error_code error;
    if (fs::is_directory(enron, error)) {
      for (const fs::directory_entry& e : fs::directory_iterator(enron)) {
        std::string name = e.path().filename().string();
        if (name.size() > 10 && name.ends_with("-sent.mbox")) files.push_back(e.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      report_.skipped("import Enron sent folders", "no " + enron.string() + "/*-sent.mbox");
      report_.skipped("import Enron sent folders peak RSS", "no corpus");
      return;
    }
    import_figures("Enron sent folders (" + std::to_string(files.size()) + " mboxes)", files, 5,
                   {});
  }

  void import_generated() {
    std::uint64_t bytes = o_.quick ? 100000000ull : 1000000000ull;
    MboxStats stats;
    std::string path;
    int status = run_in_child([&] { cached_mbox(o_.data.string(), bytes, &stats); });
    if (status != 0) throw std::runtime_error("cannot generate the mbox");
    path = cached_mbox(o_.data.string(), bytes, &stats);  // cached now: reads the marker
    Report::note("generated mbox: " + std::to_string(stats.messages) + " messages, " +
                 format("%.0f", stats.bytes / 1e6) + " MB");
    // The 1 GB import runs once (it takes minutes); the 100 MB one three times.
    import_figures("generated " + std::to_string(bytes / 1000000) + " MB mbox", {path},
                   o_.quick ? 3 : 1, {"--self", "me@mycompany.co.jp"});
  }

  Options o_;
  Report report_;
  std::string host_;
  std::string cli_;
  std::string floor_;
  fs::path work_;
  std::string settings_;
  std::string db_100k_;
  std::map<std::size_t, double> check_ms_;
  std::size_t reply_bytes_50_ = 0;
};

}  // namespace
}  // namespace sendcheck::bench

namespace {

int run_main(int argc, char** argv) {
  using sendcheck::bench::Options;
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--bin") {
        options.bin = value();
      } else if (arg == "--data") {
        options.data = value();
      } else if (arg == "--corpus") {
        options.corpus = value();
      } else if (arg == "--quick") {
        options.quick = true;
      } else if (arg == "--prepare") {
        options.prepare = true;
      } else if (arg == "--runs") {
        options.runs = std::stoi(value());
      } else {
        throw std::invalid_argument("unknown argument " + arg);
      }
    } catch (const std::exception& e) {
      std::cerr << "send_bench: " << e.what() << "\n";
      return 2;
    }
  }
  if (options.bin.empty() || options.data.empty()) {
    std::cerr << "usage: send_bench --bin BUILD_DIR --data DATA_DIR [--corpus DIR] [--quick] "
                 "[--runs N]\n";
    return 2;
  }
  try {
    sendcheck::bench::Bench bench(options);
    return options.prepare ? bench.prepare() : bench.run();
  } catch (const std::exception& e) {
    std::cerr << "send_bench: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_main(argc, argv);
  } catch (...) {
    return 2;
  }
}
