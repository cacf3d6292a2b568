// From a programme's classified evidence to the model's data: claims become observations with
// month weights and bounds, launch rows become monthly counts, serial sightings become the
// German-tank terms. Claims the model cannot read are set aside here with their reason.
#pragma once

#include "reckon/estimate/model.hpp"
#include "reckon/evidence/evidence.hpp"
#include "reckon/evidence/programme.hpp"

namespace reckon::estimate {

// Builds the model's data from the programme and its evidence (after evidence::classify);
// sets each observation claim's index, or sets it aside with the reason the model cannot use
// it (its period lies outside the programme's months, the launch data do not cover it, ...).
// Throws InputError if nothing in the evidence informs production.
ModelData build_model_data(const evidence::Programme& programme, evidence::Evidence& evidence);

}  // namespace reckon::estimate
