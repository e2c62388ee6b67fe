# Homebrew formula for codeless, for a tap (brew tap OWNER/codeless, or
# brew install --formula ./packaging/homebrew/codeless.rb from a checkout).
#
# At each release (README, "Building on a Mac"): set the version in `url`,
# make the tarball the way GitHub does for the tag,
#   git archive --format=tar.gz --prefix=codeless-0.1.0/ -o codeless-0.1.0.tar.gz v0.1.0
# and put `shasum -a 256 codeless-0.1.0.tar.gz` in `sha256` (check it against
# the one GitHub serves: curl -L URL | shasum -a 256). The two 64-zero values
# below are placeholders: brew refuses them until they are filled in.
class Codeless < Formula
  desc "Generate and validate codeless kexts and DriverKit dext sources"
  homepage "https://github.com/OWNER/codeless"
  url "https://github.com/OWNER/codeless/archive/refs/tags/v0.1.0.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000" # TO FILL AT RELEASE
  head "https://github.com/OWNER/codeless.git", branch: "main"

  depends_on "cli11" => :build
  depends_on "cmake" => :build
  depends_on "ninja" => :build
  depends_on "nlohmann-json" => :build
  depends_on "usb.ids" => :build # compiled into the binary
  depends_on "fmt"

  # The PCI name database, compiled into the binary; it has no Homebrew
  # formula. Debian's upstream tarball of it, as the usb.ids formula does.
  resource "pci.ids" do
    url "https://deb.debian.org/debian/pool/main/p/pci.ids/pci.ids_0.0~2023.04.11.orig.tar.xz"
    sha256 "0000000000000000000000000000000000000000000000000000000000000000" # TO FILL AT RELEASE
  end

  def install
    resource("pci.ids").stage { (buildpath/"ids").install "pci.ids" }
    system "cmake", "-S", ".", "-B", "build", "-G", "Ninja",
           "-DCODELESS_BUILD_TESTS=OFF",
           "-DCODELESS_USB_IDS=#{Formula["usb.ids"].opt_share}/misc/usb.ids",
           "-DCODELESS_PCI_IDS=#{buildpath}/ids/pci.ids",
           *std_cmake_args
    system "cmake", "--build", "build", "--target", "codeless"
    bin.install "build/src/codeless"
  end

  test do
    assert_match version.to_s, shell_output("#{bin}/codeless --version")
    (testpath/"mouse.json").write <<~JSON
      {
        "formatVersion": 1,
        "bundle": { "identifier": "com.example.driver.Mouse", "name": "Mouse",
                    "version": "1.0.0" },
        "kext": { "driver": "IOHIDEventDriver" },
        "personalities": [
          { "name": "Mouse", "provider": "IOHIDInterface",
            "match": { "VendorID": "0x1209", "ProductID": "0x0003",
                       "PrimaryUsagePage": 1, "PrimaryUsage": 2 } }
        ]
      }
    JSON
    system bin/"codeless", "generate", testpath/"mouse.json", "-o", testpath/"out"
    assert_path_exists testpath/"out/Mouse.kext/Contents/Info.plist"
    system bin/"codeless", "validate", testpath/"out/Mouse.kext"
  end
end
