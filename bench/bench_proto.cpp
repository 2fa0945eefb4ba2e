// Micro-benchmarks of the protocol and text paths a message flood goes through (no Catch2).
// Each benchmark prints one line:
//   name: N ops, X ns/op, Y MB/s (cpu Z ns/op)
// N is the number of operations in one timed pass; X and Y (steady_clock) and Z (this thread's
// CPU time: the figure to trust on a loaded machine) are medians of 5 runs, every run repeating
// the pass until it has lasted at least 0.2 s (BENCH_MIN_SECONDS overrides). Figures only: the
// exit status is 0 unless something cannot run (e.g. a parser stops producing what it should).
//
//   build/rel/bench-proto            all benchmarks
//   build/rel/bench-proto codec      only those whose name contains "codec"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "proto/Codec.hpp"
#include "proto/ImFormat.hpp"
#include "proto/SbSession.hpp"
#include "util/Json.hpp"
#include "util/UrlCode.hpp"
#include "util/Utf8.hpp"

using namespace msntty;
using Clock = std::chrono::steady_clock;

namespace {

volatile size_t g_sink = 0;  // keeps results alive so the optimiser cannot drop the work
bool g_failed = false;

double min_seconds() {
  if (const char* s = std::getenv("BENCH_MIN_SECONDS")) {
    double v = std::atof(s);
    if (v > 0) return v;
  }
  return 0.2;
}

struct Result {
  double ns_per_op;
  double mb_per_s;
  double cpu_ns_per_op;
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// fn() performs `ops` operations over `bytes` bytes and returns a checksum-ish value.
void bench(const char* filter, const std::string& name, size_t ops, size_t bytes,
           const std::function<size_t()>& fn) {
  if (filter && name.find(filter) == std::string::npos) return;
  const double min_s = min_seconds();
  g_sink = g_sink + fn();  // warm-up (caches, allocator, lazy statics)
  std::vector<Result> runs;
  for (int r = 0; r < 5; ++r) {
    size_t reps = 0;
    const double c0 = thread_cpu_seconds();
    auto t0 = Clock::now();
    double secs = 0;
    do {
      g_sink = g_sink + fn();
      ++reps;
      secs = std::chrono::duration<double>(Clock::now() - t0).count();
    } while (secs < min_s);
    const double cpu = thread_cpu_seconds() - c0;
    runs.push_back({secs * 1e9 / double(reps * ops), double(bytes) * double(reps) / secs / 1e6,
                    cpu * 1e9 / double(reps * ops)});
  }
  std::sort(runs.begin(), runs.end(),
            [](const Result& a, const Result& b) { return a.ns_per_op < b.ns_per_op; });
  const Result& med = runs[2];
  std::vector<double> cpu;
  for (auto& r : runs) cpu.push_back(r.cpu_ns_per_op);
  std::sort(cpu.begin(), cpu.end());
  std::printf("%s: %zu ops, %.1f ns/op, %.1f MB/s (cpu %.1f ns/op)\n", name.c_str(), ops,
              med.ns_per_op, med.mb_per_s, cpu[2]);
  std::fflush(stdout);
}

void expect(bool ok, const std::string& what) {
  if (!ok && !g_failed) {
    std::fprintf(stderr, "bench-proto: %s\n", what.c_str());
    g_failed = true;
  }
}

std::string sb_msg(const std::string& from, const std::string& nick, const std::string& text) {
  std::string payload =
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "X-MMS-IM-Format: FN=Segoe%20UI; EF=B; CO=ff0000; CS=0; PF=22\r\n\r\n" +
      text;
  return "MSG " + from + " " + nick + " " + std::to_string(payload.size()) + "\r\n" + payload;
}

std::string flood_text(size_t i) {
  // Realistic lengths: most messages are short, a few are long; some non-ASCII.
  static const char* samples[] = {
      "hi",
      "how are you doing today?",
      "lol :)",
      "did you see the game last night? unbelievable",
      "ok",
      "brb",
      "caf\xc3\xa9 at 5? \xe2\x98\x95",
      "sure, see you there",
      "I was thinking about what you said yesterday and I think you are right about the plan, "
      "let's do it on Saturday morning before everyone else arrives",
      "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"};
  return std::string(samples[i % 10]) + " #" + std::to_string(i);
}

// An SB receive stream: `n` text MSGs from bob (as a flood), as one string.
std::string sb_flood(size_t n) {
  std::string s;
  s.reserve(n * 200);
  for (size_t i = 0; i < n; ++i)
    s += sb_msg("bob@example.com", "Bob%20the%20Builder", flood_text(i));
  return s;
}

// A mixed MSNP12 NS stream: sign-in presence (ILN + UBX), then presence changes (NLN + UBX),
// offline notices (FLN), mail notifications (MSG Hotmail), pings (QNG).
std::string ns_stream(size_t contacts) {
  std::string s;
  const char* st[] = {"NLN", "BSY", "AWY", "IDL", "BRB", "PHN", "LUN"};
  auto email = [](size_t i) { return "contact" + std::to_string(i) + "@example.com"; };
  auto ubx = [&](size_t i) {
    std::string body = "<Data><PSM>listening to track " + std::to_string(i) +
                       " &amp; chilling</PSM><CurrentMedia></CurrentMedia></Data>";
    return "UBX " + email(i) + " 1 " + std::to_string(body.size()) + "\r\n" + body;
  };
  for (size_t i = 0; i < contacts; ++i) {
    s += "ILN 7 " + std::string(st[i % 7]) + " " + email(i) + " 1 Contact%20" + std::to_string(i) +
         "%20%E2%98%85 1342177280\r\n";
    s += ubx(i);
  }
  for (size_t i = 0; i < contacts * 4; ++i) {
    size_t c = (i * 7919) % contacts;
    switch (i % 8) {
      case 0:
      case 1:
      case 2:
        s += "NLN " + std::string(st[i % 7]) + " " + email(c) + " 1 New%20nick%20" +
             std::to_string(i) + " 1342177280\r\n";
        break;
      case 3:
      case 4: s += ubx(c); break;
      case 5: s += "FLN " + email(c) + " 1\r\n"; break;
      case 6: {
        std::string body =
            "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsemailnotification; "
            "charset=UTF-8\r\n\r\nFrom: Someone\r\nSubject: Hello " +
            std::to_string(i) + "\r\nDest-Folder: ACTIVE\r\n\r\n";
        s += "MSG Hotmail Hotmail " + std::to_string(body.size()) + "\r\n" + body;
        break;
      }
      default: s += "QNG 45\r\n"; break;
    }
  }
  return s;
}

size_t count_items(Codec& codec, std::string_view stream, size_t chunk) {
  size_t items = 0;
  for (size_t off = 0; off < stream.size(); off += chunk) {
    codec.feed(stream.substr(off, chunk));
    while (auto item = codec.next()) {
      if (auto* c = std::get_if<Command>(&*item))
        items += c->payload.size() + 1;
      else
        expect(false, "codec error: " + std::get<CodecError>(*item).message);
    }
  }
  return items;
}

size_t count_commands(std::string_view stream, size_t chunk) {
  Codec codec;
  size_t n = 0;
  for (size_t off = 0; off < stream.size(); off += chunk) {
    codec.feed(stream.substr(off, chunk));
    while (auto item = codec.next()) n += std::holds_alternative<Command>(*item);
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const char* filter = argc > 1 ? argv[1] : nullptr;
  constexpr size_t kChunk = 4096;

  // 1. Codec: mixed NS stream (ILN/UBX/NLN/FLN/MSG/QNG) in 4 KiB chunks.
  {
    const std::string ns = ns_stream(500);
    const size_t cmds = count_commands(ns, kChunk);
    expect(cmds == 500 * 2 + 2000, "NS stream: " + std::to_string(cmds) + " commands parsed");
    bench(filter, "codec_ns_mixed_4k_chunks", cmds, ns.size(), [&] {
      Codec codec;
      return count_items(codec, ns, kChunk);
    });
  }

  // 2. Codec: SB MSG flood, 100k messages in 4 KiB chunks (ops = messages).
  const std::string flood = sb_flood(100000);
  {
    const size_t cmds = count_commands(flood, kChunk);
    expect(cmds == 100000, "SB flood: " + std::to_string(cmds) + " commands parsed");
    bench(filter, "codec_sb_msg_flood_100k_4k_chunks", 100000, flood.size(), [&] {
      Codec codec;
      return count_items(codec, flood, kChunk);
    });
  }

  // 3. SbSession: receive + take_events per incoming text message (what the app does per read).
  {
    auto run = [&] {
      SbSession sb("alice@example.com", ImFormat{});
      size_t texts = 0;
      for (size_t off = 0; off < flood.size(); off += kChunk) {
        sb.receive(std::string_view(flood).substr(off, kChunk));
        for (auto& ev : sb.take_events())
          if (auto* m = std::get_if<sb::Message>(&ev)) texts += m->text.size() + 1;
      }
      return texts;
    };
    {
      SbSession sb("alice@example.com", ImFormat{});
      sb.receive(flood);
      size_t msgs = 0;
      for (auto& ev : sb.take_events()) msgs += std::holds_alternative<sb::Message>(ev);
      expect(msgs == 100000, "SbSession: " + std::to_string(msgs) + " message events");
    }
    bench(filter, "sbsession_receive_text_msg_100k", 100000, flood.size(), run);
  }

  // 4. Outgoing: text payload building, and splitting of a long text (UTF-8 aware).
  {
    SbSession sb("alice@example.com", ImFormat::parse("FN=Segoe%20UI; EF=B; CO=ff; CS=0; PF=22"));
    std::vector<std::string> texts;
    size_t bytes = 0;
    for (size_t i = 0; i < 1000; ++i) bytes += (texts.emplace_back(flood_text(i))).size();
    bench(filter, "sbsession_text_payload_build", texts.size(), bytes, [&] {
      size_t n = 0;
      for (auto& t : texts) n += sb.text_payload(t).size();
      return n;
    });
    std::string long_text;
    while (long_text.size() < 64 * 1024) long_text += "na\xc3\xafve caf\xc3\xa9 \xe2\x98\x95 text ";
    const size_t parts = SbSession::split_text(long_text, 1400).size();
    bench(filter, "split_text_64k_utf8", parts, long_text.size(),
          [&] { return SbSession::split_text(long_text, 1400).size(); });
    bench(filter, "sbsession_send_text_short", texts.size(), bytes, [&] {
      SbSession s("alice@example.com", ImFormat{});
      size_t n = 0;
      for (auto& t : texts) n += s.send_text(t).size();
      return n + s.take_output().size();
    });
  }

  // 5. JSON event serialisation (the headless "message" event).
  {
    std::vector<std::string> texts;
    size_t bytes = 0;
    for (size_t i = 0; i < 1000; ++i) texts.push_back(flood_text(i));
    for (auto& t : texts) bytes += t.size();
    bench(filter, "json_message_event", texts.size(), bytes, [&] {
      size_t n = 0;
      for (size_t i = 0; i < texts.size(); ++i) {
        JsonObject o;
        o.add("event", "message")
            .add("conversation", 1)
            .add("from", "bob@example.com")
            .add("nick", "Bob the Builder")
            .add("text", texts[i])
            .add("time", 1700000000LL + (long long)i);
        n += o.str().size();
      }
      return n;
    });
    std::string hostile;
    for (int i = 0; i < 200; ++i)
      hostile += "quote\" back\\slash \x01\x1b[31m tab\t \xff\xfe caf\xc3\xa9\n";
    bench(filter, "json_quote_hostile_10k", 1, hostile.size(),
          [&] { return json_quote(hostile).size(); });
  }

  // 6. sanitize_for_terminal: clean text (fast path) and text that needs escaping.
  {
    std::vector<std::string> texts;
    size_t bytes = 0;
    for (size_t i = 0; i < 1000; ++i) bytes += (texts.emplace_back(flood_text(i))).size();
    bench(filter, "sanitize_for_terminal_clean", texts.size(), bytes, [&] {
      size_t n = 0;
      for (auto& t : texts) n += sanitize_for_terminal(t).size();
      return n;
    });
    std::string dirty;
    for (int i = 0; i < 200; ++i)
      dirty +=
          "evil \x1b]0;title\x07 \xc2\x9b"
          "31m \xe2\x80\xae rtl \r\n ok \xff ";
    bench(filter, "sanitize_for_terminal_dirty_10k", 1, dirty.size(),
          [&] { return sanitize_for_terminal(dirty, true).size(); });
  }

  // 7. url_decode: nicks as they arrive in JOI/MSG/NLN.
  {
    std::vector<std::string> nicks;
    size_t bytes = 0;
    for (size_t i = 0; i < 1000; ++i) {
      nicks.push_back("%E2%98%85%20Bob%20the%20Builder%20" + std::to_string(i) +
                      "%20%28away%29%20%E2%99%AB%20listening%20to%20music");
      bytes += nicks.back().size();
    }
    bench(filter, "url_decode_nick", nicks.size(), bytes, [&] {
      size_t n = 0;
      for (auto& s : nicks) n += url_decode(s).size();
      return n;
    });
  }

  if (g_failed) {
    std::fprintf(stderr, "bench-proto: a benchmark could not run correctly\n");
    return 1;
  }
  return 0;
}
