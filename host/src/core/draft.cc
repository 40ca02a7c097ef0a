// Small value helpers of draft.h that need no MIME library.
#include "sendcheck/draft.h"

namespace sendcheck {

std::string_view field_name(Field field) {
  switch (field) {
    case Field::kTo:
      return "to";
    case Field::kCc:
      return "cc";
    case Field::kBcc:
      return "bcc";
  }
  return "to";
}

}  // namespace sendcheck
