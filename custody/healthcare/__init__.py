"""Healthcare on the custody record: healthcare professionals' directions and their
acknowledgement, observation checks with the Annex H rousing check, and the observation
level."""
