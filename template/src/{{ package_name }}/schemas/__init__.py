"""Request and response models: the API's contract, validated at the boundary."""
