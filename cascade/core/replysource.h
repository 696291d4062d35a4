#pragma once

#include <string>

namespace cascade {

// Where a model reply came from, for every response cache entry and every call that got one.
// Live: this machine called the model. Recorded: imported from the project's recordings/
// (example replies that ship with it), served only to offline and replay runs. Imported: a
// file the user loaded into the cache (e.g. another machine's calls).
enum class ReplySource { Live, Recorded, Imported };

const char* to_string(ReplySource source);
// Throws cascade::Error for anything but live, recorded or imported.
ReplySource reply_source_from_string(const std::string& text);

}  // namespace cascade
