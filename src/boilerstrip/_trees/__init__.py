"""The shipped models' trees as Python modules: made by ``boilerstrip._treecode``, do not edit."""

FUNCTIONS: dict[str, tuple[str, str]] = {
    "456d54ac52de27ae22f54646b8896a935da2f4d5be91641d831224686b0b67ff": ("headline_model", "score"),
    "d9dcc850a2eae1d3e8e74ac872f8ae27152a3bad3c8291be82b93b208ef19fc9": ("html_headline_model", "score"),
    "3a7f1c5f6390ebee8a99a718dfe1642882541aa3bf61d282af14c5d309f62977": ("html_model", "score"),
    "4dd177a0981b48bf57ef0f2d46a8a93df565dca4f4aa2f557883e24aa68d1dd7": ("html_model", "page_type_0"),
    "be7b185807ea095457d6ca8c6e0ac68641e10a6a4609d612d3bad537d320be85": ("html_model", "page_type_1"),
    "2fbe7579ccc49701e2f4873b7e49e93a05d846466998d86b45c0f626934cddc1": ("html_model", "page_type_2"),
    "adc45e92c0de46b77e5032ce121c54518bf5e9f01abb405a8bffbf0d80a666de": ("html_model", "page_type_3"),
    "833cc91c38010241b172098fe6e8e5d60402b88bf9f2fab891f1164bf55cf728": ("html_model", "page_type_4"),
    "ab87181b515326a7f25aa753165c3cb30e8c94a9e47cbcdbcb860f252ae44ba4": ("html_model", "page_type_5"),
    "9c5f345a6d409f62cc26feac88743e888817f230b7136a245da19af102faa0de": ("html_model", "page_type_6"),
    "e0fa52f972e61add74a005e334bb7458de90b6a04e0d271b6fb17c39dbbaa3db": ("html_model", "page_type_no_url_0"),
    "509a533ee6d3f0dbdb5466c9760e5fadd7682f72af48b06ebd7adf694a802753": ("html_model", "page_type_no_url_1"),
    "1491abdc3005f79d5a75a7528803571ce21a114cffe1b58080a2597bef768146": ("html_model", "page_type_no_url_2"),
    "71fa8325623d33081507e51afabc95a7a8ab48f1b73c0f08a94a3844d857e1db": ("html_model", "page_type_no_url_3"),
    "666c8daf1c129e9bbdac2eb44cb1dd68d148f15084286b5259e5c5f70789b6e5": ("html_model", "page_type_no_url_4"),
    "a8cd270aa6a830f0832327d5cee52b6bbdf514f74712de0281237b221c16e0bb": ("html_model", "page_type_no_url_5"),
    "c5971d9bfc7e638c8ad023f1290e17d7198dff5fb358bedf5d00634cfcc1210f": ("html_model", "page_type_no_url_6"),
    "f6f88fe4443c33cb174ba1b996da75bd72f819fcf8477b1691b3d067d0f191d5": ("text_model", "score"),
}
"""sha256 of a set of trees (see ``_treecode._digest``) -> its module and function."""
