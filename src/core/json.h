// A tiny JSON writer for the CLI's output and the browser glue's state(): numbers at full
// precision (17 significant digits), strings escaped. Non-finite numbers are written as null.
// Separators are ", " between elements and ": " after keys: {"value": 1, "gradient": [0, 2]}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace optiscape {

class JsonWriter {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(double v);
    JsonWriter& value(int v);
    JsonWriter& value(long v);
    JsonWriter& value(bool v);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& null();
    const std::string& str() const { return out_; }

private:
    void separate();
    std::string out_;
    std::vector<bool> first_;  ///< per open container: no element written yet
    bool afterKey_ = false;
};

/// s with JSON escapes, without quotes.
std::string jsonEscape(std::string_view s);

}  // namespace optiscape
