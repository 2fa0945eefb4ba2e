#include "ctl/CommandPipe.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>

#include "ctl/RuntimePaths.hpp"
#include "net/SockAddr.hpp"

namespace msntty::ctl {
namespace {

const std::string kName(kPipeName);

// Opens the FIFO and checks, on the opened file, that it is a FIFO owned by us.
net::UniqueFd open_fifo(int dir, int flags, const std::string& path, struct stat& st,
                        std::string& error) {
  net::UniqueFd fd(::openat(dir, kName.c_str(), flags | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    error = errno == ELOOP ? path + " is a symlink: refusing to use it"
                           : "cannot open " + path + ": " + net::errno_text(errno);
    return {};
  }
  if (::fstat(fd.get(), &st) < 0 || !S_ISFIFO(st.st_mode) || st.st_uid != ::geteuid()) {
    error = path + " is not a FIFO of ours: refusing to use it";
    return {};
  }
  return fd;
}

}  // namespace

std::unique_ptr<CommandPipe> CommandPipe::create(net::Reactor& reactor, const net::PrivateDir& dir,
                                                 Callbacks cb, std::string& error) {
  const std::string path = dir.file(kPipeName);
  // Look before opening: opening some other kind of node (a device) could have side effects.
  struct stat st {};
  if (dir.stat_entry(kPipeName, st)) {
    if (S_ISLNK(st.st_mode)) {
      error = path + " is a symlink: refusing to use it";
      return nullptr;
    }
    if (!S_ISFIFO(st.st_mode) || st.st_uid != ::geteuid()) {
      error = path + " exists and is not a FIFO of ours: refusing to use it";
      return nullptr;
    }
    // A FIFO of ours left by an instance that crashed: reuse it (the caller made sure no live
    // instance still reads it: the event socket answers only while one runs).
  } else if (errno != ENOENT) {
    error = "cannot check " + path + ": " + net::errno_text(errno);
    return nullptr;
  } else if (::mkfifoat(dir.fd(), kName.c_str(), 0600) < 0 && errno != EEXIST) {
    error = "cannot create " + path + ": " + net::errno_text(errno);
    return nullptr;
  }
  struct stat rst {
  }, wst{};
  net::UniqueFd rd = open_fifo(dir.fd(), O_RDONLY, path, rst, error);
  if (!rd) return nullptr;
  // Only with a reader present does a non-blocking O_WRONLY open succeed (no ENXIO).
  net::UniqueFd wr = open_fifo(dir.fd(), O_WRONLY, path, wst, error);
  if (!wr) return nullptr;
  if (rst.st_dev != wst.st_dev || rst.st_ino != wst.st_ino) {
    error = path + " changed while it was being opened: refusing to use it";
    return nullptr;
  }
  // mkfifoat honours the umask and a reused FIFO may be looser: always 0600.
  if (::fchmod(rd.get(), 0600) < 0) {
    error = "cannot make " + path + " private: " + net::errno_text(errno);
    return nullptr;
  }
  auto pipe =
      std::make_unique<CommandPipe>(dir, std::move(rd), std::move(wr), rst.st_dev, rst.st_ino);
  net::LineReader::Callbacks lcb;
  lcb.on_line = std::move(cb.on_line);
  lcb.on_overlong = std::move(cb.on_overlong);
  lcb.on_eof = [] {};  // cannot happen while m_write is open; a read error just stops reading
  pipe->m_reader =
      std::make_unique<net::LineReader>(reactor, pipe->m_read.get(), std::move(lcb), kMaxLine);
  return pipe;
}

CommandPipe::CommandPipe(const net::PrivateDir& dir, net::UniqueFd read_end,
                         net::UniqueFd write_end, dev_t dev, ino_t ino)
    : m_dir(dir),
      m_path(dir.file(kPipeName)),
      m_read(std::move(read_end)),
      m_write(std::move(write_end)),
      m_dev(dev),
      m_ino(ino) {}

CommandPipe::~CommandPipe() {
  m_reader.reset();  // unregister from the loop before the fd closes
  m_dir.unlink_if_same(kPipeName, m_dev, m_ino);
}

}  // namespace msntty::ctl
