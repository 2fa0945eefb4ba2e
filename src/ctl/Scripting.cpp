#include "ctl/Scripting.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "ctl/RuntimePaths.hpp"
#include "util/Utf8.hpp"

namespace msntty::ctl {

std::unique_ptr<Scripting> Scripting::start(Client& app, const std::string& account,
                                            std::string& error) {
  if (auto problem = account_problem(account)) {
    error = *problem;
    return nullptr;
  }
  auto s = std::make_unique<Scripting>(app);
  s->m_base = net::PrivateDir::open(runtime_base(), net::PrivateDir::Mode::Create, error);
  if (!s->m_base) return nullptr;
  s->m_folder_name = account_folder(account);
  s->m_dir = s->m_base->open_child(s->m_folder_name, net::PrivateDir::Mode::Create, error);
  if (!s->m_dir) return nullptr;

  Scripting* self = s.get();
  EventClient::Handlers h;
  h.on_line = [self](std::string_view line) { return self->run_line(line); };
  h.on_overlong = [self](size_t n) {
    return self->refuse("command line of " + std::to_string(n) + " bytes is too long: ignored");
  };
  s->m_server = EventServer::create(app.reactor(), app.events(), *s->m_dir, h, error);
  if (!s->m_server) {
    s->m_dir.reset();  // leave the folder to the instance that owns it
    return nullptr;
  }
  CommandPipe::Callbacks pc;
  pc.on_line = [self](std::string_view line) { self->run_line(line); };
  pc.on_overlong = [self](size_t n) {
    self->refuse("command line of " + std::to_string(n) + " bytes is too long: ignored");
  };
  s->m_pipe = CommandPipe::create(app.reactor(), *s->m_dir, std::move(pc), error);
  if (!s->m_pipe) return nullptr;
  return s;
}

Scripting::~Scripting() {
  m_pipe.reset();
  m_server.reset();
  // The account folder goes too when it is empty (a crashed instance's leftovers are reused).
  if (m_dir && m_base) {
    m_dir.reset();
    ::unlinkat(m_base->fd(), m_folder_name.c_str(), AT_REMOVEDIR);
  }
}

CommandResult Scripting::run_line(std::string_view line) {
  if (!utf8_valid(line)) return refuse("command line is not valid UTF-8: ignored");
  return m_app.execute_for_result(line, CommandSource::Pipe);
}

CommandResult Scripting::refuse(const std::string& text) {
  m_app.report_error(text);
  return {false, text};
}

}  // namespace msntty::ctl
