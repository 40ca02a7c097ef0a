// The bad input catalogue (tests/data/bad/README.md; DESIGN.md §6; issue 7 "Bad input
// catalogue"): every case through the real binaries (`sendcheck-host` over frames, the
// `sendcheck` CLI), each with its exact error code or summarised result, and an existing history
// that is the same afterwards.
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "integration/history_dump.h"
#include "integration/host_process.h"
#include "test_support.h"

namespace sendcheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string bad(const std::string& name) {
  return testing::read_file(testing::data_path("bad/" + name));
}
std::string bad_path(const std::string& name) { return testing::data_path("bad/" + name).string(); }

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// FNV-1a of the history's canonical dump: the checksum the catalogue promises is unchanged.
std::uint64_t checksum(const testing::HistoryDump& dump) {
  std::uint64_t hash = 14695981039346656037ull;
  auto add = [&](const std::string& text) {
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
    hash = (hash ^ 0xFF) * 1099511628211ull;
  };
  for (std::size_t i = 0; i < dump.tables.size(); ++i) {
    add(dump.tables[i]);
    for (const std::string& row : dump.rows_of[i]) add(row);
  }
  return hash;
}

// An existing history, made first from tests/data/mail/sent.mboxrd (4 messages, 9 addresses),
// and its checksum.
struct History {
  testing::TempDir dir;
  fs::path db = dir / "history.sqlite3";
  std::uint64_t sum = 0;

  History() {
    testing::CommandResult made = testing::run_sendcheck(
        "import --db " + db.string() + " " + testing::data_path("mail/sent.mboxrd").string(), dir);
    BOOST_TEST_REQUIRE(made.status == 0, made.err);
    sum = checksum(testing::dump_history(db));
  }

  // The history is sound and holds exactly what it held before.
  void expect_unchanged(const fs::path& file) const {
    BOOST_TEST(testing::integrity_check(file) == "ok");
    BOOST_TEST(checksum(testing::dump_history(file)) == sum, file << " changed");
  }
  void expect_unchanged() const { expect_unchanged(db); }
};

struct HostRun {
  std::vector<json> replies;
  std::vector<std::uint32_t> lengths;  // of each reply frame
  int status = -1;
  bool only_frames = true;  // stdout held nothing but whole JSON frames
};

// Runs one host on `db`, writes `input` (on a thread of its own: a large reply must not block a
// large request), closes its input and collects every reply until it exits.
HostRun run_host(const fs::path& dir, const fs::path& db, const std::string& input) {
  testing::HostProcess host(testing::host_env(dir, db), dir, dir / "host-stderr.txt");
  std::thread writer([&] {
    host.write(input);  // false when the host stopped reading: what it read is answered
    host.close_input();
  });
  std::string out = host.rest_of_output();
  writer.join();
  HostRun run;
  run.status = host.finish();
  std::size_t at = 0;
  while (at < out.size()) {
    if (out.size() - at < 4) {
      run.only_frames = false;
      break;
    }
    std::uint32_t length = 0;
    std::memcpy(&length, out.data() + at, 4);
    at += 4;
    if (out.size() - at < length) {
      run.only_frames = false;
      break;
    }
    json reply = json::parse(out.substr(at, length), nullptr, false);
    if (reply.is_discarded()) run.only_frames = false;
    run.replies.push_back(std::move(reply));
    run.lengths.push_back(length);
    at += length;
  }
  return run;
}

// A frame carrying `draft_json` (raw bytes, possibly not UTF-8) as the draft of `type`.
std::string draft_frame(const std::string& type, const std::string& draft_json) {
  return testing::make_frame(
      "{\"id\":\"" + type + "\",\"type\":\"" + type +
      "\",\"messageId\":\"<bad-input@example.co.jp>\",\"draft\":" + draft_json + "}");
}

std::string code_of(const json& reply) {
  if (!reply.contains("error")) return "ok";
  return reply["error"]["code"].get<std::string>();
}

std::vector<std::string> addresses_of(const json& payload) {
  std::vector<std::string> out;
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) out.push_back(r["address"]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> flags_of(const json& payload, const std::string& address) {
  std::vector<std::string> codes;
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) {
      if (r["address"] != address) continue;
      for (const json& f : r["flags"]) codes.push_back(f["code"]);
    }
  }
  return codes;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A small tmpfs at `where` (root only); `mounted` says whether it worked.
class TmpfsMount {
 public:
  TmpfsMount(const fs::path& where, const std::string& size) : where_(where) {
    fs::create_directories(where);
    options_ = "size=" + size + ",mode=0700";
    mounted_ = ::mount("tmpfs", where.c_str(), "tmpfs", 0, options_.c_str()) == 0;
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  bool mounted() const { return mounted_; }
  bool remount_read_only() { return remount(MS_RDONLY); }
  bool remount_read_write() { return remount(0); }

 private:
  bool remount(unsigned long flags) {
    return ::mount("tmpfs", where_.c_str(), "tmpfs", MS_REMOUNT | flags, options_.c_str()) == 0;
  }

  fs::path where_;
  std::string options_;
  bool mounted_ = false;
};

const char* const kKnownDraft =
    R"({"from":"taro@example.co.jp","to":["suzuki@partner.example.jp"],"subject":"s","body":"b"})";

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input_test)

BOOST_AUTO_TEST_CASE(truncated_frames_end_the_host_with_status_zero_and_no_reply) {
  History history;
  for (const char* name : {"frame-truncated-length.bin", "frame-truncated-body.bin"}) {
    HostRun run = run_host(history.dir.path(), history.db, bad(name));
    BOOST_TEST(run.replies.empty(), name);
    BOOST_TEST(run.status == 0, name);
  }
  history.expect_unchanged();
}

BOOST_AUTO_TEST_CASE(a_zero_length_is_an_empty_message_and_the_connection_goes_on) {
  History history;
  HostRun run = run_host(history.dir.path(), history.db, bad("frame-length-zero.bin"));
  BOOST_TEST_REQUIRE(run.replies.size() == 2u);
  BOOST_TEST(code_of(run.replies[0]) == "request.invalid-json");
  BOOST_TEST(run.replies[0]["id"].is_null());
  BOOST_TEST(run.replies[1]["id"] == "after");
  BOOST_TEST(run.replies[1]["ok"] == true);
  BOOST_TEST(run.status == 0);
  history.expect_unchanged();
}

BOOST_AUTO_TEST_CASE(a_4_gib_length_is_refused_and_the_host_exits_with_status_zero) {
  History history;
  HostRun run = run_host(history.dir.path(), history.db,
                         testing::frame_header(0xFFFFFFFFu) + "{\"id\":1,\"type\":\"hello\"}");
  BOOST_TEST_REQUIRE(run.replies.size() == 1u);
  BOOST_TEST(code_of(run.replies[0]) == "frame.too-large");
  BOOST_TEST(run.replies[0]["id"].is_null());
  BOOST_TEST(run.status == 0);
  history.expect_unchanged();
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_every_draft_field_is_refused_by_host_and_cli) {
  History history;
  for (const char* field : {"from", "to", "cc", "bcc", "subject", "body", "attachment-name",
                            "display-name", "overlong", "surrogate"}) {
    std::string name = std::string("draft-invalid-utf8-") + field + ".json";
    std::string draft = bad(name);
    HostRun run = run_host(history.dir.path(), history.db,
                           draft_frame("check", draft) + draft_frame("record-sent", draft));
    BOOST_TEST_REQUIRE(run.replies.size() == 2u, name);
    for (const json& reply : run.replies) {
      BOOST_TEST(code_of(reply) == "frame.invalid-utf8", name);
      BOOST_TEST(reply["id"].is_null(), name);
    }
    BOOST_TEST(run.status == 0);
    // The CLI names the rule the file breaks (was "not valid JSON", which it syntactically is).
    testing::CommandResult cli = testing::run_sendcheck(
        "check --db " + history.db.string() + " " + bad_path(name), history.dir);
    BOOST_TEST(cli.status == 1, name);
    BOOST_TEST(contains(cli.err, "draft.invalid-json"), cli.err);
    BOOST_TEST(contains(cli.err, "not valid UTF-8"), cli.err);
    BOOST_TEST(cli.out.empty());
  }
  history.expect_unchanged();
}

BOOST_AUTO_TEST_CASE(nul_bytes_raw_are_invalid_json_and_escaped_are_checked) {
  History history;
  HostRun raw = run_host(history.dir.path(), history.db, bad("frame-raw-nul.bin"));
  BOOST_TEST_REQUIRE(raw.replies.size() == 1u);
  BOOST_TEST(code_of(raw.replies[0]) == "request.invalid-json");

  // \u0000 is valid JSON: a payload, and a NUL does not hide the .exe after it.
  HostRun escaped =
      run_host(history.dir.path(), history.db, draft_frame("check", bad("draft-nul-escaped.json")));
  BOOST_TEST_REQUIRE(escaped.replies.size() == 1u);
  json payload = escaped.replies[0]["result"];
  BOOST_TEST_REQUIRE(code_of(escaped.replies[0]) == "ok");
  BOOST_TEST(payload["recipientCount"] == 4);
  BOOST_TEST_REQUIRE(payload["attachments"].size() == 1u);
  BOOST_TEST(payload["attachments"][0]["flags"][0]["code"] == "dangerous-type");
  BOOST_TEST(payload["attachments"][0]["mustConfirm"] == true);
  BOOST_TEST(!contains(escaped.replies[0].dump(), "\\u0000Ichiro"));

  testing::CommandResult cli = testing::run_sendcheck(
      "check --db " + history.db.string() + " " + bad_path("draft-nul-escaped.json"), history.dir);
  BOOST_TEST(cli.status == 0, cli.err);
  BOOST_TEST(json::parse(cli.out)["recipientCount"] == 4);
  history.expect_unchanged();
}

BOOST_AUTO_TEST_CASE(deeply_nested_json_is_refused_before_it_is_built) {
  History history;
  std::string deep = "{\"from\":\"taro@example.co.jp\",\"to\":" + std::string(1000000, '[') +
                     std::string(1000000, ']') + "}";
  write_file(history.dir / "nested-1000000.json", deep);
  HostRun run = run_host(history.dir.path(), history.db,
                         draft_frame("check", bad("draft-nested-100.json")) +
                             draft_frame("check", deep) + draft_frame("record-sent", deep));
  BOOST_TEST_REQUIRE(run.replies.size() == 3u);
  for (const json& reply : run.replies) {
    BOOST_TEST(code_of(reply) == "request.invalid-json");
    BOOST_TEST(contains(reply["error"]["message"], "deeper than 64"));
  }
  for (const std::string& file :
       {bad_path("draft-nested-100.json"), (history.dir / "nested-1000000.json").string()}) {
    testing::CommandResult cli =
        testing::run_sendcheck("check --db " + history.db.string() + " " + file, history.dir);
    BOOST_TEST(cli.status == 1);
    BOOST_TEST(contains(cli.err, "draft.invalid-json"), cli.err);
    BOOST_TEST(contains(cli.err, "nested deeper than 64 levels"), cli.err);
  }
  history.expect_unchanged();
}

BOOST_AUTO_TEST_CASE(a_one_megabyte_display_name_gets_a_small_payload) {
  History history;
  std::string name;
  while (name.size() < 1024 * 1024) name += "山田";
  json draft = {{"from", "taro@example.co.jp"},
                {"to", {"\"" + name + "\" <suzuki@partner.example.jp>", "x@partner.example"}},
                {"subject", "s"},
                {"body", "b"}};
  HostRun run = run_host(history.dir.path(), history.db, draft_frame("check", draft.dump()));
  BOOST_TEST_REQUIRE(run.replies.size() == 1u);
  BOOST_TEST_REQUIRE(code_of(run.replies[0]) == "ok", run.replies[0].dump().substr(0, 300));
  BOOST_TEST(run.lengths[0] < 64u * 1024);
  json payload = run.replies[0]["result"];
  BOOST_TEST(payload["recipientCount"] == 2);
  BOOST_TEST((addresses_of(payload) ==
              std::vector<std::string>{"suzuki@partner.example.jp", "x@partner.example"}));
  // The address is known from the history: the long name changes nothing about it.
  std::vector<std::string> flags = flags_of(payload, "suzuki@partner.example.jp");
  BOOST_TEST((std::find(flags.begin(), flags.end(), "first-time") == flags.end()));
  history.expect_unchanged();
}

BOOST_AUTO_TEST_CASE(a_hundred_thousand_recipients_get_a_summarised_payload_under_1_mib) {
  History history;
  json to = json::array();
  for (int i = 0; i < 100000; ++i) {
    to.push_back("\"R " + std::to_string(i) + "\" <p" + std::to_string(i) + "@c" +
                 std::to_string(i % 1000) + ".example>");
  }
  json draft = {{"from", "taro@example.co.jp"}, {"to", to}, {"subject", "s"}, {"body", "b"}};
  HostRun run = run_host(history.dir.path(), history.db, draft_frame("check", draft.dump()));
  BOOST_TEST_REQUIRE(run.replies.size() == 1u);
  BOOST_TEST_REQUIRE(code_of(run.replies[0]) == "ok");
  BOOST_TEST(run.lengths[0] < 1024u * 1024);
  json payload = run.replies[0]["result"];
  BOOST_TEST(payload["recipientCount"] == 100000);
  BOOST_TEST(payload["truncated"] == true);
  BOOST_TEST(payload["groups"].size() == 1000u);
  BOOST_TEST(run.status == 0);
  history.expect_unchanged();
}

BOOST_AUTO_TEST_CASE(malformed_encoded_words_keep_every_address) {
  History history;
  HostRun run = run_host(history.dir.path(), history.db,
                         draft_frame("check", bad("draft-encoded-words-malformed.json")));
  BOOST_TEST_REQUIRE(run.replies.size() == 1u);
  BOOST_TEST_REQUIRE(code_of(run.replies[0]) == "ok");
  const std::vector<std::string> partner = {"ito@partner.example", "sato@partner.example",
                                            "suzuki@partner.example", "tanaka@partner.example",
                                            "yamada@partner.example"};
  std::vector<std::string> want = partner;
  want.insert(want.end(), {"boss@example.co.jp", "hanako@example.co.jp"});
  std::sort(want.begin(), want.end());
  BOOST_TEST(addresses_of(run.replies[0]["result"]) == want);

  testing::CommandResult cli = testing::run_sendcheck(
      "check --db " + history.db.string() + " " + bad_path("encoded-words-malformed.eml"),
      history.dir);
  BOOST_TEST_REQUIRE(cli.status == 0, cli.err);
  BOOST_TEST(addresses_of(json::parse(cli.out)) == partner);
  history.expect_unchanged();

  // Imported into a copy: one message, five recipients.
  fs::path copy = history.dir / "copy.sqlite3";
  fs::copy_file(history.db, copy);
  testing::CommandResult imported = testing::run_sendcheck(
      "import --db " + copy.string() + " " + bad_path("encoded-words-malformed.eml"), history.dir);
  BOOST_TEST(imported.status == 0, imported.err);
  BOOST_TEST(contains(imported.out, "added:             1"), imported.out);
  BOOST_TEST(contains(imported.out, "recipients:        5"), imported.out);
}

BOOST_AUTO_TEST_CASE(an_mbox_without_from_lines_is_refused_not_read_as_one_message) {
  // Was: read as one .eml, so the second message quietly went into the first one's body.
  History history;
  testing::CommandResult cli = testing::run_sendcheck(
      "import --db " + history.db.string() + " " + bad_path("mbox-no-from-line.mbox"), history.dir);
  BOOST_TEST(cli.status == 1);
  BOOST_TEST(contains(cli.err, "mail.not-mail"), cli.err);
  BOOST_TEST(contains(cli.err, "not an mbox"), cli.err);
  history.expect_unchanged();
}

BOOST_AUTO_TEST_CASE(a_binary_file_is_skipped_by_import_and_refused_by_check) {
  History history;
  testing::CommandResult imported = testing::run_sendcheck(
      "import --db " + history.db.string() + " " + bad_path("binary.bin"), history.dir);
  BOOST_TEST(imported.status == 0, imported.err);
  BOOST_TEST(contains(imported.out, "skipped:           1 (unparsable: 1)"), imported.out);
  BOOST_TEST(contains(imported.out, "added:             0"), imported.out);
  testing::CommandResult checked = testing::run_sendcheck(
      "check --db " + history.db.string() + " " + bad_path("binary.bin"), history.dir);
  BOOST_TEST(checked.status == 1);
  BOOST_TEST(contains(checked.err, "draft.bad-eml"), checked.err);
  fs::copy_file(testing::data_path("bad/binary.bin"), history.dir / "binary.eml");
  checked = testing::run_sendcheck(
      "check --db " + history.db.string() + " " + (history.dir / "binary.eml").string(),
      history.dir);
  BOOST_TEST(checked.status == 1);
  BOOST_TEST(contains(checked.err, "draft.bad-eml"), checked.err);
  history.expect_unchanged();
}

// Was: `check` failed with history.open-failed ("unable to open database file") because SQLite
// could not create the -shm file beside the history; now it reads the file as immutable.
BOOST_AUTO_TEST_CASE(a_read_only_data_folder_still_answers_checks_and_refuses_writes) {
  History history;
  fs::path folder = history.dir / "readonly";
  std::unique_ptr<TmpfsMount> mount;
  if (::geteuid() == 0) {
    mount = std::make_unique<TmpfsMount>(folder, "1m");
    if (!mount->mounted()) {
      BOOST_TEST_MESSAGE("SKIPPED read-only data folder: running as root without mount(2)");
      return;
    }
  } else {
    fs::create_directories(folder);
  }
  fs::path db = folder / "history.sqlite3";
  fs::copy_file(history.db, db);
  if (mount) {
    BOOST_TEST_REQUIRE(mount->remount_read_only());
  } else {
    fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
  }
  HostRun run =
      run_host(history.dir.path(), db,
               draft_frame("check", kKnownDraft) + draft_frame("record-sent", kKnownDraft) +
                   testing::make_frame(std::string(R"({"id":"s","type":"history.stats"})")));
  BOOST_TEST_REQUIRE(run.replies.size() == 3u);
  BOOST_TEST_REQUIRE(code_of(run.replies[0]) == "ok", run.replies[0].dump());
  std::vector<std::string> flags = flags_of(run.replies[0]["result"], "suzuki@partner.example.jp");
  BOOST_TEST((std::find(flags.begin(), flags.end(), "first-time") == flags.end()));
  BOOST_TEST(code_of(run.replies[1]) == "history.open-failed");
  BOOST_TEST(contains(run.replies[1]["error"]["message"], "read-only"), run.replies[1].dump());
  BOOST_TEST(run.replies[2]["result"]["messages"] == 4);

  testing::CommandResult imported = testing::run_sendcheck(
      "import --db " + db.string() + " " + testing::data_path("bad/binary.bin").string(),
      history.dir);
  BOOST_TEST(imported.status == 1);
  BOOST_TEST(contains(imported.err, "history.open-failed"), imported.err);
  testing::CommandResult stats =
      testing::run_sendcheck("history stats --db " + db.string(), history.dir);
  BOOST_TEST(stats.status == 0, stats.err);
  BOOST_TEST(contains(stats.out, "\"messages\": 4"), stats.out);
  if (mount) {
    BOOST_TEST_REQUIRE(mount->remount_read_write());
  } else {
    fs::permissions(folder, fs::perms::owner_all);
  }
  history.expect_unchanged(db);
}

BOOST_AUTO_TEST_CASE(a_full_data_folder_still_answers_checks_and_refuses_writes) {
  History history;
  fs::path folder = history.dir / "full";
  TmpfsMount mount(folder, "256k");
  if (!mount.mounted()) {
    BOOST_TEST_MESSAGE("SKIPPED full data folder: a small tmpfs needs root and mount(2)");
    return;
  }
  fs::path db = folder / "history.sqlite3";
  fs::copy_file(history.db, db);
  {
    // Fill what is left.
    std::ofstream filler(folder / "filler", std::ios::binary);
    std::string block(4096, 'x');
    for (int i = 0; i < 1000 && filler; ++i) filler.write(block.data(), block.size());
  }
  HostRun run =
      run_host(history.dir.path(), db,
               draft_frame("check", kKnownDraft) + draft_frame("record-sent", kKnownDraft) +
                   testing::make_frame(std::string(R"({"id":"s","type":"history.stats"})")));
  BOOST_TEST_REQUIRE(run.replies.size() == 3u);
  BOOST_TEST_REQUIRE(code_of(run.replies[0]) == "ok", run.replies[0].dump());
  std::vector<std::string> flags = flags_of(run.replies[0]["result"], "suzuki@partner.example.jp");
  BOOST_TEST((std::find(flags.begin(), flags.end(), "first-time") == flags.end()));
  BOOST_TEST(code_of(run.replies[1]) == "history.open-failed", run.replies[1].dump());
  BOOST_TEST(run.replies[2]["result"]["messages"] == 4);

  testing::CommandResult imported = testing::run_sendcheck(
      "import --db " + db.string() + " " + bad_path("encoded-words-malformed.eml"), history.dir);
  BOOST_TEST(imported.status == 1);
  BOOST_TEST(contains(imported.err, "history.open-failed"), imported.err);
  fs::remove(folder / "filler");
  history.expect_unchanged(db);
}

BOOST_AUTO_TEST_CASE(a_corrupt_database_file_is_reported_and_left_as_it_is) {
  History history;
  // A file that is not SQLite at all, and the real history with one page overwritten.
  fs::path garbage = history.dir / "garbage.sqlite3";
  fs::copy_file(testing::data_path("bad/not-a-database.sqlite3"), garbage);
  fs::path damaged = history.dir / "damaged.sqlite3";
  fs::copy_file(history.db, damaged);
  {
    std::fstream file(damaged, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096 * 3);
    std::string junk;
    for (int i = 0; i < 1024; ++i) junk += "\xDE\xAD\xBE\xEF";
    file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  for (const fs::path& db : {garbage, damaged}) {
    std::string before = testing::read_file(db);
    HostRun run =
        run_host(history.dir.path(), db,
                 draft_frame("check", kKnownDraft) + draft_frame("record-sent", kKnownDraft));
    BOOST_TEST_REQUIRE(run.replies.size() == 2u);
    BOOST_TEST(code_of(run.replies[0]) == "history.corrupt", db);
    BOOST_TEST(code_of(run.replies[1]) == "history.corrupt", db);
    testing::CommandResult imported = testing::run_sendcheck(
        "import --db " + db.string() + " " + bad_path("encoded-words-malformed.eml"), history.dir);
    BOOST_TEST(imported.status == 1);
    BOOST_TEST(contains(imported.err, "history.corrupt"), imported.err);
    BOOST_TEST((testing::read_file(db) == before), db << " was changed");
  }
  history.expect_unchanged();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
