"""The privacy notice (/quyen-rieng-tu) and the requests people make there with a rating's code."""
