"""The shipped models' trees as Python modules: made by ``boilerstrip._treecode``, do not edit."""

FUNCTIONS: dict[str, tuple[str, str]] = {
    "456d54ac52de27ae22f54646b8896a935da2f4d5be91641d831224686b0b67ff": ("headline_model", "score"),
    "d9dcc850a2eae1d3e8e74ac872f8ae27152a3bad3c8291be82b93b208ef19fc9": ("html_headline_model", "score"),
    "8b968af7a0d89668debf88a4a696e0ce2fe88fb430a67cc5f583a2c9e4e97c7a": ("html_model", "score"),
    "4da4240946255b208e0aae33b4b88e70b9e002c5d3453aaab2237d452ca63ab2": ("html_model", "page_type_0"),
    "2f399b218ad63117aad8ce80cd280a39b0284282e6bb63436a0dcac4eef4193e": ("html_model", "page_type_1"),
    "b8d0cb1017753a8409a025ed62f6ce8ad29d68673ad1bd6dc0b46ce85abe9f94": ("html_model", "page_type_2"),
    "7e01e8a9e8349faa89184db98ea751b32de9b84035a5a323ed67b3a00d36563c": ("html_model", "page_type_3"),
    "a71b3bd6ab5931af6de2d2014a168a172fad24ea4c05963c7114749b73c3d377": ("html_model", "page_type_4"),
    "1b0799175c2aa9f22b6a5eb6e48e94b4b31d79e81d68fb3f157d7fde670837d8": ("html_model", "page_type_5"),
    "ab028c7ef194aeeb2f8005e154ab2933dd942446df25bd92f4166307bb20e765": ("html_model", "page_type_6"),
    "2ed381cd8d6f8309caf5c72f67af4938d7a6dfa0abe6168241499791768e0083": ("html_model", "page_type_no_url_0"),
    "9e4f8402bb805c9a65f493b4b62f779f8c4fcc3c07cfb390af6f9cff4293b3db": ("html_model", "page_type_no_url_1"),
    "0c648fc887650f4caf2a7884804a5b8d6d357216debbade103ced7d292b090a2": ("html_model", "page_type_no_url_2"),
    "997fc2cb7920fe5301e0008496abb63997db69705bb1192570b5ffa68c94acd0": ("html_model", "page_type_no_url_3"),
    "4e03177b6ecc4a40f713ee28ceb965bfb0019275e035a99dd75b60429330bf39": ("html_model", "page_type_no_url_4"),
    "109ac8f6f6b51a855bae0c4da1bdb3ac71485e9c0116b6a66bba905a7a394723": ("html_model", "page_type_no_url_5"),
    "b81ea8cf1a0c5d76eb6c3494fa3915c29a6d5f84b68d8f7474a079ebac82c978": ("html_model", "page_type_no_url_6"),
    "f6f88fe4443c33cb174ba1b996da75bd72f819fcf8477b1691b3d067d0f191d5": ("text_model", "score"),
}
"""sha256 of a set of trees (see ``_treecode._digest``) -> its module and function."""
