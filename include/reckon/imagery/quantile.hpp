// Order statistics of pixel values without sorting them: a quantile by selection
// (std::nth_element, linear time) gives the same value a full sort would, at a fraction of the
// cost on tens of millions of pixels (docs/performance.md, "Site change against the Orfeo
// ToolBox").
#pragma once

#include <vector>

namespace reckon::imagery {

// The value a sort would put at index floor(q * (n - 1)) of `values` (q clamped to 0..1), the
// lower-index convention every caller in this module uses; 0 for no values. `values` must hold
// no NaN; they are reordered. Large inputs are first narrowed to one bucket of the values'
// high bits (a counting pass and an in-place partition), then std::nth_element.
double select_quantile(std::vector<float>& values, double q);

// Replaces the contents of `out` with the finite values of `values`, in no particular order
// (for select_quantile); `out`'s memory is reused, so a caller that selects again and again
// does not allocate again.
void finite_values(const std::vector<float>& values, std::vector<float>& out);

}  // namespace reckon::imagery
