#pragma once
// The command FIFO `cmd` in the account's private folder: scripts write command lines to it
// (`echo '/status away' > .../cmd`). Read inside the loop, never blocking it:
//  - opened O_RDONLY|O_NONBLOCK, and we keep a write end open ourselves, so the FIFO always has
//    a writer: read() never sees EOF when a script closes (no busy loop on POLLHUP), and a
//    script's open(O_WRONLY) never blocks waiting for a reader while we run;
//  - an existing node is reused only if it is a FIFO owned by us (a crashed instance's); a
//    symlink or anything else there is refused, never followed or replaced;
//  - the FIFO is removed when this object goes away (if it is still the one we opened).
#include <sys/types.h>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "net/LineReader.hpp"
#include "net/PrivateDir.hpp"
#include "net/Reactor.hpp"
#include "net/UniqueFd.hpp"

namespace msntty::ctl {

class CommandPipe {
 public:
  struct Callbacks {
    std::function<void(std::string_view line)> on_line;  // one complete line, CR/LF stripped
    std::function<void(size_t length)> on_overlong;      // a line over the limit was skipped
  };
  static constexpr size_t kMaxLine = 64 * 1024;

  // Null + `error` when the FIFO cannot be created or an unsafe node is in the way.
  static std::unique_ptr<CommandPipe> create(net::Reactor& reactor, const net::PrivateDir& dir,
                                             Callbacks cb, std::string& error);
  CommandPipe(const net::PrivateDir& dir, net::UniqueFd read_end, net::UniqueFd write_end,
              dev_t dev,
              ino_t ino);  // use create()
  ~CommandPipe();
  CommandPipe(const CommandPipe&) = delete;
  CommandPipe& operator=(const CommandPipe&) = delete;

  const std::string& path() const { return m_path; }

 private:
  const net::PrivateDir& m_dir;
  std::string m_path;
  net::UniqueFd m_read;
  net::UniqueFd m_write;  // never written: keeps the FIFO open for writing (see above)
  dev_t m_dev;
  ino_t m_ino;
  std::unique_ptr<net::LineReader> m_reader;
};

}  // namespace msntty::ctl
