// A tiny JSON writer for the CLI's output and the browser glue's state(): numbers at full
// precision (17 significant digits), strings escaped, non-finite numbers written as null,
// separators ", " and ": " ({"value": 1, "gradient": [0, 2]}) — and the strict JSON reader.
#pragma once

#include <map>
#include <optional>
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
    /// A value that is JSON text already (written by another JsonWriter), as it is.
    JsonWriter& raw(std::string_view json);
    const std::string& str() const { return out_; }

private:
    void separate();
    std::string out_;
    std::vector<bool> first_;  ///< per open container: no element written yet
    bool afterKey_ = false;
};

/// s with JSON escapes, without quotes.
std::string jsonEscape(std::string_view s);

/// A parsed JSON value (objects keep their keys sorted; numbers are doubles).
struct JsonValue {
    enum class Type { Null, Bool, Number, String, Array, Object };
    Type type = Type::Null;
    bool boolean = false;
    double number = 0.0;
    std::string string;
    std::vector<JsonValue> array;
    std::map<std::string, JsonValue> object;

    bool isNumber() const { return type == Type::Number; }
    /// The member `key` of an object, or nullptr.
    const JsonValue* find(std::string_view key) const;
};

/// Parses strict JSON (RFC 8259). On failure returns nullopt and sets *error to
/// "line L, column C: <what>". Nesting deeper than 64 levels or input over 1 MB is rejected.
std::optional<JsonValue> parseJson(std::string_view text, std::string* error = nullptr);

}  // namespace optiscape
