// What the history learns per recipient for the wrong-recipient check (issue 11,
// sendcheck/recipient_features.h): greeting keys, term hashes, thread keys, autocomplete
// neighbour keys.
#include "sendcheck/recipient_features.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace sendcheck {
namespace {

using Keys = std::vector<std::string>;
using Terms = std::vector<std::uint32_t>;

struct GreetingCase {
  const char* text;
  Keys keys;
};

void check_greetings(const std::vector<GreetingCase>& cases) {
  for (const GreetingCase& c : cases) {
    BOOST_TEST_CONTEXT("text: \"" << c.text << "\"") {
      BOOST_TEST(greeting_keys(c.text) == c.keys, boost::test_tools::per_element());
    }
  }
}

// FNV-1a 32 as the header documents it, to check the hashing scheme itself once.
std::uint32_t fnv1a32_raw(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

// The hash term_features gives: FNV-1a 32 of the prefixed text, the lowest bit cleared for a word
// ("w:") and set for a word pair ("b:").
std::uint32_t fnv1a32(const std::string& s) {
  const std::uint32_t h = fnv1a32_raw(s);
  return s.starts_with("b:") ? (h | 1u) : (h & ~1u);
}

bool contains(const Terms& terms, std::uint32_t term) {
  return std::find(terms.begin(), terms.end(), term) != terms.end();
}

template <typename T>
bool share_any(const std::vector<T>& a, const std::vector<T>& b) {
  return std::any_of(a.begin(), a.end(),
                     [&b](const T& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(recipient_features_test)

// --- greeting_keys -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(english_greetings_give_the_greeted_names) {
  check_greetings({
      {"Paula,", {"paula"}},
      {"Hi Jim,", {"jim"}},
      {"Dear Mr. Smith,", {"smith"}},
      {"Dear Dr. Smith,", {"smith"}},
      {"Jim and Paula,", {"jim", "paula"}},
      {"Hello Jim & Paula,", {"jim", "paula"}},
      {"Hello Jane Doe,", {"janedoe"}},
      {"Dear Ms. Jane Doe:", {"janedoe"}},
      {"Good morning Bob,", {"bob"}},
      {"Hi Tanaka-san,", {"tanaka"}},
      {"Hi Jim, thanks for the note.", {"jim"}},
      {"Jim,\nsee below", {"jim"}},
      {"Paula,\n\nThe gas deal is done.\n", {"paula"}},
  });
}

BOOST_AUTO_TEST_CASE(japanese_person_greetings_drop_honorifics_and_titles) {
  check_greetings({
      {"鈴木様", {"鈴木"}},
      {"鈴木さん", {"鈴木"}},
      {"鈴木殿", {"鈴木"}},
      {"田中先生", {"田中"}},
      {"太郎さん", {"太郎"}},
      {"鈴木 一郎様", {"鈴木一郎"}},
      {"山田 太郎 様", {"山田太郎"}},
      {"鈴木部長", {"鈴木"}},
      {"鈴木 部長", {"鈴木"}},
      {"鈴木部長様", {"鈴木"}},
      {"営業部 鈴木課長", {"鈴木"}},
      {"営業部 部長 鈴木様", {"鈴木"}},
      {"佐藤様、田中様", {"佐藤", "田中"}},
      {"鈴木部長、田中課長", {"鈴木", "田中"}},
      {"Dear 佐藤様,", {"佐藤"}},
      {"鈴木様\n\nお世話になっております。", {"鈴木"}},
  });
}

BOOST_AUTO_TEST_CASE(japanese_organisation_greetings_give_o_keys_without_legal_form) {
  check_greetings({
      {"株式会社パートナー商事\n営業部 鈴木様", {"鈴木", "o:パートナー商事"}},
      {"株式会社パートナー商事 営業部 鈴木様", {"鈴木", "o:パートナー商事"}},
      {"株式会社 パートナー商事 営業部 鈴木様", {"鈴木", "o:パートナー商事"}},
      {"株式会社 パートナー商事\n営業部 鈴木様", {"鈴木", "o:パートナー商事"}},
      {"（株）パートナー商事\n鈴木様", {"鈴木", "o:パートナー商事"}},
      {"株式会社パートナー商事\n鈴木部長", {"鈴木", "o:パートナー商事"}},
      {"パートナー商事 御中", {"o:パートナー商事"}},
      {"(株)パートナー商事 御中", {"o:パートナー商事"}},
      {"㈱パートナー商事御中", {"o:パートナー商事"}},
      {"株式会社 パートナー商事 御中", {"o:パートナー商事"}},
      {"パートナー商事株式会社 御中", {"o:パートナー商事"}},
      {"パートナー商事 株式会社 御中", {"o:パートナー商事"}},
      {"有限会社 山田製作所 御中", {"o:山田製作所"}},
      {"ＡＢＣ商事 御中", {"o:abc商事"}},
      {"ACME Inc. 御中", {"o:acme"}},
      {"パートナー商事 御中\n鈴木様", {"o:パートナー商事", "鈴木"}},
      // 各位 greets nobody in particular, but the organisation is named.
      {"株式会社パートナー商事 各位", {"o:パートナー商事"}},
  });
}

BOOST_AUTO_TEST_CASE(a_legal_form_alone_gives_no_organisation_key) {
  check_greetings({
      {"株式会社 御中", {}},
      {"㈱ 御中", {}},
      {"株式会社 鈴木様", {"鈴木"}},
  });
}

BOOST_AUTO_TEST_CASE(generic_or_missing_greetings_give_nothing) {
  check_greetings({
      {"", {}},
      {"Dear all,", {}},
      {"Hi,", {}},
      {"Hi team,", {}},
      {"Hey everyone,", {}},
      {"Dear Sir or Madam,", {}},
      {"Thanks for the update.", {}},
      {"Thanks and regards,", {}},
      {"各位", {}},
      {"関係者各位", {}},
      {"皆様", {}},
      {"ご担当者様", {}},
      {"お疲れ様です。", {}},
      {"部長", {}},
      {"営業部長", {}},
      {"営業部 部長", {}},
      // The greeting is the opening of the text, not a line further down.
      {"お世話になっております。\n鈴木様", {}},
  });
}

BOOST_AUTO_TEST_CASE(at_most_eight_greeting_keys_in_text_order) {
  BOOST_TEST(
      greeting_keys("佐藤様、田中様、鈴木様、高橋様、伊藤様、渡辺様、山本様、中村様、小林様、"
                    "加藤様") ==
          (Keys{"佐藤", "田中", "鈴木", "高橋", "伊藤", "渡辺", "山本", "中村"}),
      boost::test_tools::per_element());
  // The same name twice is one key.
  BOOST_TEST(greeting_keys("佐藤様、佐藤様") == Keys{"佐藤"}, boost::test_tools::per_element());
}

// --- greeting_names_recipient --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(greeting_names_recipient_by_short_form_local_part_and_name) {
  BOOST_TEST(greeting_names_recipient("jim", {}, "james.bouillion@enron.com"));
  BOOST_TEST(greeting_names_recipient("jim", {"James Smith"}, "js@example.com"));
  BOOST_TEST(greeting_names_recipient("paula", {"Paula Smith"}, "ps@example.com"));
  BOOST_TEST(greeting_names_recipient("paula", {}, "paula.smith@partner.example.jp"));
  BOOST_TEST(!greeting_names_recipient("paula", {}, "paul.smyth@other.example.jp"));
  BOOST_TEST(!greeting_names_recipient("jim", {"Paula Smith"}, "paula.smith@example.com"));
  // An undivided local part holds a longer key.
  BOOST_TEST(greeting_names_recipient("smith", {}, "paulasmith@example.com"));
}

BOOST_AUTO_TEST_CASE(greeting_names_recipient_japanese_names_and_organisations) {
  BOOST_TEST(greeting_names_recipient("鈴木", {"鈴木 一郎"}, "suzuki@partner.example.jp"));
  BOOST_TEST(greeting_names_recipient("鈴木一郎", {"鈴木 一郎"}, "suzuki@partner.example.jp"));
  BOOST_TEST(!greeting_names_recipient("佐藤", {"鈴木 一郎"}, "suzuki@partner.example.jp"));
  BOOST_TEST(greeting_names_recipient("o:パートナー商事", {"株式会社パートナー商事 鈴木"},
                                      "suzuki@x.example.jp"));
  BOOST_TEST(!greeting_names_recipient("o:パートナー商事", {"株式会社サンプル物産 鈴木"},
                                       "suzuki@x.example.jp"));
  // An organisation key matches the registrable domain's label.
  BOOST_TEST(greeting_names_recipient("o:partner", {}, "a@mail.partner.co.jp"));
  BOOST_TEST(!greeting_names_recipient("o:partner", {}, "a@other.co.jp"));
  BOOST_TEST(!greeting_names_recipient("", {"鈴木 一郎"}, "suzuki@partner.example.jp"));
}

// --- term_features -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(term_hashes_are_fnv1a_of_prefixed_words_and_pairs) {
  BOOST_TEST(term_features("", "Gas deal") ==
                 (Terms{fnv1a32("w:gas"), fnv1a32("b:gas deal"), fnv1a32("w:deal")}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(terms_ignore_case_and_white_space) {
  Terms expected = term_features("", "gas deal");
  BOOST_TEST(expected.size() == 3u);
  BOOST_TEST(term_features("", "Gas  deal") == expected, boost::test_tools::per_element());
  BOOST_TEST(term_features("", "GAS\n\tDeal") == expected, boost::test_tools::per_element());
  BOOST_TEST(term_features("Ｇａｓ　Ｄｅａｌ", "") == expected, boost::test_tools::per_element());
  // Re:/Fw: prefixes of the subject are not words.
  BOOST_TEST(term_features("Re: FW: Gas deal", "") == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(stop_words_short_numbers_and_single_letters_are_dropped) {
  Terms gas_deal = term_features("", "gas deal");
  // The pair is of the neighbouring kept words.
  BOOST_TEST(term_features("", "The gas and a deal for you") == gas_deal,
             boost::test_tools::per_element());
  BOOST_TEST(term_features("", "the and for you it is").empty());
  BOOST_TEST(term_features("", "a I x 7 42").empty());
  // Three digits and more are a word.
  Terms number = term_features("", "123");
  BOOST_TEST(number == Terms{fnv1a32("w:123")}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(urls_and_addresses_are_dropped) {
  Terms gas_deal = term_features("", "gas deal");
  BOOST_TEST(
      term_features("", "gas deal https://ponderosa.example.com/x jane.doe@ponderosa.example") ==
          gas_deal,
      boost::test_tools::per_element());
  BOOST_TEST(term_features("", "www.ponderosa.example").empty());
}

BOOST_AUTO_TEST_CASE(japanese_text_is_segmented_and_particles_dropped) {
  // Expected hashes from the single words, so the test does not depend on the hash function.
  Terms mitsumorisho = term_features("", "見積書");
  Terms soufu = term_features("", "送付");
  BOOST_TEST_REQUIRE(soufu.size() == 1u);
  BOOST_TEST_REQUIRE(!mitsumorisho.empty());
  Terms sentence = term_features("", "見積書を送付します");
  for (std::uint32_t term : mitsumorisho) BOOST_TEST(contains(sentence, term));
  BOOST_TEST(contains(sentence, soufu[0]));
  // を and します are no words; what is left is 見積書 then 送付 with their pair.
  Terms pair = term_features("", "見積書 送付");
  BOOST_TEST(sentence == pair, boost::test_tools::per_element());
  BOOST_TEST(term_features("", "をします").empty());
}

BOOST_AUTO_TEST_CASE(unigrams_and_bigrams_of_the_subject_and_text_but_no_pair_across_them) {
  Terms subject = term_features("Ponderosa pipeline", "");
  Terms text = term_features("", "capacity release");
  Terms both = term_features("Ponderosa pipeline", "capacity release");
  Terms expected = subject;
  expected.insert(expected.end(), text.begin(), text.end());
  BOOST_TEST(both == expected, boost::test_tools::per_element());
  BOOST_TEST(both.size() == 6u);
  BOOST_TEST(contains(both, fnv1a32("b:ponderosa pipeline")));
  BOOST_TEST(contains(both, fnv1a32("b:capacity release")));
  BOOST_TEST(!contains(both, fnv1a32("b:pipeline capacity")));
}

BOOST_AUTO_TEST_CASE(repeated_words_count_once_per_occurrence) {
  Terms terms = term_features("", "gas gas");
  BOOST_TEST(terms == (Terms{fnv1a32("w:gas"), fnv1a32("b:gas gas"), fnv1a32("w:gas")}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(at_most_2000_terms_per_message) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "word" + std::to_string(i) + " ";
  Terms terms = term_features("", text);
  BOOST_TEST(terms.size() == 2000u);
  BOOST_TEST(terms[0] == fnv1a32("w:word0"));
  BOOST_TEST(terms[1] == fnv1a32("b:word0 word1"));
  BOOST_TEST(!contains(terms, fnv1a32("w:word1500")));
}

// --- thread keys ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(thread_subject_strips_prefixes_and_tags) {
  BOOST_TEST(thread_subject("Re: FW: [ml:12] 見積の件") == "見積の件");
  BOOST_TEST(thread_subject("RE[2]: Gas deal") == "gas deal");
  BOOST_TEST(thread_subject("Fwd: Ｇａｓ　Ｄｅａｌ  now") == "gas deal now");
  BOOST_TEST(thread_subject("転送: 返信: 見積の件") == "見積の件");
  // Too short or generic: no thread by subject.
  BOOST_TEST(thread_subject("Re: hi") == "");
  BOOST_TEST(thread_subject("Meeting") == "");
  BOOST_TEST(thread_subject("Re: Re: meeting") == "");
  BOOST_TEST(thread_subject("お世話になっております") == "");
  BOOST_TEST(thread_subject("") == "");
}

BOOST_AUTO_TEST_CASE(sent_message_keys_are_root_own_id_and_subject) {
  auto first = sent_thread_keys("<root@a.example>", "", {}, "Ponderosa pipeline");
  BOOST_TEST(first.size() == 2u);  // own id (the root), subject
  BOOST_TEST(std::count(first.begin(), first.end(), 0) == 0);
  // A generic subject adds no key.
  BOOST_TEST(sent_thread_keys("x@a.example", "", {}, "Meeting").size() == 1u);
  // Ids are compared without <> and white space...
  BOOST_TEST(sent_thread_keys(" <root@a.example> ", "", {}, "") ==
                 sent_thread_keys("root@a.example", "", {}, ""),
             boost::test_tools::per_element());
  // ... and case-sensitively.
  BOOST_TEST(!share_any(sent_thread_keys("ROOT@a.example", "", {}, ""),
                        sent_thread_keys("root@a.example", "", {}, "")));
}

BOOST_AUTO_TEST_CASE(a_reply_shares_the_root_key_with_the_first_message) {
  auto root = sent_thread_keys("root@a.example", "", {}, "");
  BOOST_TEST_REQUIRE(root.size() == 1u);
  // The reply's References start with the root: its first key is the root's.
  auto reply = sent_thread_keys("r2@b.example", "r1@c.example", {"root@a.example", "r1@c.example"},
                                "Re: Something else entirely");
  BOOST_TEST_REQUIRE(reply.size() == 3u);  // root, own id, subject
  BOOST_TEST(reply[0] == root[0]);
  // Without References, In-Reply-To is the root.
  auto answer = sent_thread_keys("r3@b.example", "<root@a.example>", {}, "");
  BOOST_TEST_REQUIRE(answer.size() == 2u);
  BOOST_TEST(answer[0] == root[0]);
}

BOOST_AUTO_TEST_CASE(a_draft_replying_to_a_sent_message_shares_a_key) {
  auto sent = sent_thread_keys("m1@me.example", "", {}, "Ponderosa pipeline");
  // In-Reply-To names the sent message (its own id is one of its keys).
  auto draft = draft_thread_keys("m1@me.example", {}, "Re: unrelated words here");
  BOOST_TEST(share_any(draft, sent));
  // The subject alone ties them too.
  BOOST_TEST(share_any(draft_thread_keys("", {}, "RE: Ponderosa pipeline"), sent));
  // Different ids and subjects: no shared key.
  auto other = sent_thread_keys("m2@me.example", "", {}, "Power plant in Ohio");
  BOOST_TEST(!share_any(draft_thread_keys("", {}, "Ponderosa pipeline"), other));
  BOOST_TEST(
      !share_any(draft_thread_keys("m9@me.example", {"m8@me.example"}, "Re: meeting"), sent));
}

BOOST_AUTO_TEST_CASE(draft_keys_take_the_first_and_last_four_references) {
  std::vector<std::string> references;
  for (int i = 0; i < 12; ++i) references.push_back("id" + std::to_string(i) + "@x.example");
  auto keys = draft_thread_keys("", references, "");
  BOOST_TEST(keys.size() == 8u);
  auto key_of = [](const std::string& id) { return sent_thread_keys(id, "", {}, "").front(); };
  for (int i : {0, 1, 2, 3, 8, 9, 10, 11}) {
    BOOST_TEST_CONTEXT("id" << i) {
      BOOST_TEST(std::count(keys.begin(), keys.end(), key_of(references[i])) == 1);
    }
  }
  for (int i : {4, 5, 6, 7}) {
    BOOST_TEST_CONTEXT("id" << i) {
      BOOST_TEST(std::count(keys.begin(), keys.end(), key_of(references[i])) == 0);
    }
  }
}

// --- neighbour_keys ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(neighbour_keys_of_latin_names) {
  BOOST_TEST(neighbour_keys("paula.smith@x.jp", {"Paula Smith"}) ==
                 (Keys{"l:pau", "n:pau", "n:smi", "g:paula"}),
             boost::test_tools::per_element());
  BOOST_TEST(neighbour_keys("paula.smith@x.jp", {"Smith, Paula"}) ==
                 (Keys{"l:pau", "n:smi", "n:pau", "g:paula"}),
             boost::test_tools::per_element());
  BOOST_TEST(neighbour_keys("psmith@x.jp", {"Smith, Paula"}) ==
                 (Keys{"l:psm", "n:smi", "n:pau", "g:paula"}),
             boost::test_tools::per_element());
  // The given name from the local part alone.
  BOOST_TEST(neighbour_keys("paula_smith@x.jp", {}) == (Keys{"l:pau", "g:paula"}),
             boost::test_tools::per_element());
  BOOST_TEST(neighbour_keys("jim@x.com", {}) == Keys{"l:jim"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(neighbour_keys_of_japanese_names) {
  BOOST_TEST(
      neighbour_keys("yamada@x.jp", {"山田 太郎"}) == (Keys{"l:yam", "n:山田", "n:太郎", "g:太郎"}),
      boost::test_tools::per_element());
  // Family name first: 鈴木 一郎 and 鈴木 花子 share n:鈴木.
  Keys ichiro = neighbour_keys("suzuki@partner.example.jp", {"鈴木 一郎"});
  Keys hanako = neighbour_keys("suzuki.h@partner-b.example.jp", {"鈴木 花子"});
  BOOST_TEST(ichiro == (Keys{"l:suz", "n:鈴木", "n:一郎", "g:一郎"}),
             boost::test_tools::per_element());
  BOOST_TEST(hanako == (Keys{"l:suz", "n:鈴木", "n:花子", "g:花子", "g:suzuki"}),
             boost::test_tools::per_element());
  // An ideographic space separates the words too; kana names are whole words.
  BOOST_TEST(neighbour_keys("suzuki@partner.example.jp", {"鈴木　一郎"}) == ichiro,
             boost::test_tools::per_element());
  BOOST_TEST(neighbour_keys("smith@x.jp", {"スミス ジョン"}) ==
                 (Keys{"l:smi", "n:スミス", "n:ジョン", "g:ジョン"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(at_most_eight_neighbour_keys) {
  Keys keys = neighbour_keys("anna.berg@x.example",
                             {"Anna Berg", "Carl Dahl", "Erik Falk", "Gustav Holm", "Ivar Jung"});
  BOOST_TEST(keys.size() == 8u);
  BOOST_TEST(keys.front() == "l:ann");
}

// --- message_features ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(message_features_greeting_of_the_own_text_terms_of_the_whole_body) {
  const std::string body =
      "Hi Jim,\n\nThe Ponderosa capacity is booked.\n\n"
      "-----Original Message-----\nFrom: Bob Smith\nSent: Monday\n\nDear Bob,\nKilimanjaro "
      "contract attached.\n";
  MessageFeatures features =
      message_features("Re: Ponderosa", body, "<m2@me.example>", "m1@bob.example",
                       {"m0@me.example", "m1@bob.example"});
  // The greeting is the user's own, not the quoted one.
  BOOST_TEST(features.greeting_keys == Keys{"jim"}, boost::test_tools::per_element());
  // What a reply quotes is what it is about: the terms are of the subject and the whole body.
  BOOST_TEST(features.terms == term_features("Re: Ponderosa", body),
             boost::test_tools::per_element());
  BOOST_TEST(contains(features.terms, fnv1a32("w:ponderosa")));
  BOOST_TEST(contains(features.terms, fnv1a32("w:capacity")));
  BOOST_TEST(contains(features.terms, fnv1a32("w:kilimanjaro")));
  BOOST_TEST(features.thread_keys == sent_thread_keys("<m2@me.example>", "m1@bob.example",
                                                      {"m0@me.example", "m1@bob.example"},
                                                      "Re: Ponderosa"),
             boost::test_tools::per_element());
}

// Bug: greeting keys had no length limit: "Hi " + a million letters stored a key of a million
// characters in the history.
BOOST_AUTO_TEST_CASE(a_greeting_key_longer_than_a_name_is_not_learned) {
  BOOST_TEST(greeting_keys("Hi " + std::string(1000000, 'Z') + ",\n\nbody").empty());
  BOOST_TEST(greeting_keys("Hi " + std::string(25, 'z') + ",\n").empty());
  BOOST_TEST(greeting_keys("Hi " + std::string(24, 'z') + ",\n") ==
                 std::vector<std::string>{std::string(24, 'z')},
             boost::test_tools::per_element());
  // Japanese: a person's name of at most 24 code points, an organisation's of at most 40.
  std::string long_company = "株式会社";
  for (int i = 0; i < 41; ++i) long_company += "パ";
  BOOST_TEST(greeting_keys(long_company + " 御中\n").empty());
  BOOST_TEST(greeting_keys("株式会社パートナー商事 御中\n") ==
                 std::vector<std::string>{"o:パートナー商事"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
