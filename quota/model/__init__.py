"""The model: columns a scenario relies on, each kind's problem and bounds, feasibility arithmetic."""
