#include "cascade/core/replysource.h"

#include "cascade/core/error.h"

namespace cascade {

const char* to_string(ReplySource source) {
    switch (source) {
        case ReplySource::Live:
            return "live";
        case ReplySource::Recorded:
            return "recorded";
        case ReplySource::Imported:
            return "imported";
    }
    return "live";
}

ReplySource reply_source_from_string(const std::string& text) {
    if (text == "live") return ReplySource::Live;
    if (text == "recorded") return ReplySource::Recorded;
    if (text == "imported") return ReplySource::Imported;
    throw Error("unknown reply source \"" + text + "\" (expected live, recorded or imported)");
}

}  // namespace cascade
